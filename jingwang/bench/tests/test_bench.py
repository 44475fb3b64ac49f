"""The benchmark harness and its cases: figures computed right, data generated right, real data untouched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction

from jingwang.audit.services import audit_record, audit_verify
from jingwang.bench.cases.audit import fill_chain
from jingwang.bench.cases.territory import subtree_sql, territory_generate, territory_nodes, territory_specs
from jingwang.bench.harness import Case, Context, Target, format_table, percentile, run_case
from jingwang.suites import sqlite_suite
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.selectors import grids_under
from jingwang.territory.services import territory_import


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class ScriptedCase(Case):
    """A case whose operations 'take' scripted times on a fake clock."""

    name = "fake.case"
    description = "scripted timings"
    warmup = 1

    def __init__(self, ctx: Context, clock: FakeClock, times: list[float], base: list[float], ops: int = 1) -> None:
        super().__init__(ctx)
        self.clock, self.times, self.base, self.ops = clock, times, base, ops
        self.calls: list[tuple[str, int]] = []

    def measured(self, i: int) -> int:
        self.calls.append(("measured", i))
        self.clock.now += self.times[i] if i >= 0 else 99.0
        return self.ops

    def baseline(self, i: int) -> int:
        self.calls.append(("baseline", i))
        self.clock.now += self.base[i] if i >= 0 else 99.0
        return self.ops


class ScriptedRateCase(ScriptedCase):
    unit = "ops/s"


def test_percentile_interpolates_between_closest_ranks() -> None:
    values = list(range(1, 101))
    assert percentile(values, 0.5) == pytest.approx(50.5)
    assert percentile(values, 0.95) == pytest.approx(95.05)
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0


def test_harness_reports_median_p95_and_ratio_of_synthetic_timings() -> None:
    clock = FakeClock()
    times = [0.010, 0.012, 0.011, 0.013, 0.050]  # one slow outlier
    base = [0.005, 0.006, 0.005, 0.006, 0.005]
    case = ScriptedCase(Context(repeat=5), clock, times, base)
    case.target = Target("ratio", 2.0, at_most=True, label="ratio ≤ 2.0")

    result = run_case(case, clock=clock)

    assert result.repeats == 5
    assert result.median_seconds == pytest.approx(0.012)
    assert result.p95_seconds == pytest.approx(0.013 + (0.050 - 0.013) * 0.8)
    assert result.baseline_median_seconds == pytest.approx(0.005)
    assert result.ratio == pytest.approx(0.012 / 0.005)
    assert result.as_dict()["median"] == pytest.approx(12.0)  # shown in ms
    assert result.passed is False and result.status == "MISS"
    assert "fake.case" in format_table([result]) and "MISS" in format_table([result])


def test_warmup_is_not_counted_and_the_order_alternates() -> None:
    clock = FakeClock()
    case = ScriptedCase(Context(repeat=4), clock, [1.0] * 4, [1.0] * 4)

    result = run_case(case, clock=clock)

    assert case.calls[:2] == [("measured", -1), ("baseline", -1)]
    assert case.calls[2:] == [
        ("measured", 0), ("baseline", 0), ("baseline", 1), ("measured", 1),
        ("measured", 2), ("baseline", 2), ("baseline", 3), ("measured", 3),
    ]  # fmt: skip
    assert result.samples == [1.0] * 4  # the 99-second warm-up runs left no trace


def test_rates_come_from_time_per_operation_and_meet_a_minimum_target() -> None:
    clock = FakeClock()
    case = ScriptedRateCase(Context(repeat=3), clock, [0.04, 0.045, 0.06], [0.02, 0.02, 0.02], ops=100)
    case.target = Target("rate", 2000, at_most=False, label="≥ 2,000 events/s")

    result = run_case(case, clock=clock)

    assert result.rate == pytest.approx(100 / 0.045)  # the median repeat: 100 events in 45 ms
    assert result.as_dict()["median"] == pytest.approx(100 / 0.045)
    assert result.as_dict()["baseline_median"] == pytest.approx(5000)
    assert result.ratio == pytest.approx(2.25)
    assert result.status == "PASS"


def test_quick_runs_use_fewer_repeats_unless_told() -> None:
    clock = FakeClock()
    case = ScriptedCase(Context(quick=True), clock, [1.0] * 50, [1.0] * 50)
    assert run_case(case, clock=clock).repeats == ScriptedCase.quick_repeats


@pytest.mark.django_db
def test_bench_command_prints_one_json_document_with_machine_and_ratio() -> None:
    out = StringIO()
    call_command(
        "bench", "--quick", "--json", "--case", "territory.subtree", "--scale", "0.01", "--repeat", "5",
        "--use-current-db", stdout=out, stderr=StringIO(),
    )  # fmt: skip

    document = json.loads(out.getvalue())

    assert set(document) >= {"command", "machine", "scale", "quick", "results"}
    assert set(document["machine"]) >= {"cpu", "cores", "memory", "python", "django", "database", "date"}
    assert set(document["machine"]["database"]) >= {"vendor", "version"}
    [result] = document["results"]
    assert result["name"] == "territory.subtree"
    assert result["size"] == 300
    assert result["repeats"] == 5
    assert result["median"] > 0 and result["p95"] >= result["median"] and result["baseline_median"] > 0
    assert result["ratio"] == pytest.approx(result["median"] / result["baseline_median"])
    assert result["status"] in {"PASS", "MISS"} and result["target"] == "ratio ≤ 2.0"


@pytest.mark.django_db
def test_audit_cases_run_and_leave_a_chain_that_verifies() -> None:
    out = StringIO()
    call_command(
        "bench", "--json", "--case", "audit.append", "audit.verify", "--scale", "0.001", "--repeat", "2",
        "--use-current-db", stdout=out, stderr=StringIO(),
    )  # fmt: skip

    results = {r["name"]: r for r in json.loads(out.getvalue())["results"]}

    assert results["audit.append"]["unit"] == "ops/s" and results["audit.append"]["median"] > 0
    assert results["audit.verify"]["unit"] == "s" and results["audit.verify"]["ratio"] > 0
    assert audit_verify().ok


@pytest.mark.django_db
def test_bench_refuses_to_run_in_a_database_that_is_not_a_test_database(monkeypatch: Any) -> None:
    monkeypatch.setattr("jingwang.bench.management.commands.bench.is_test_database", lambda: False)
    with pytest.raises(CommandError, match="test database"):
        call_command("bench", "--use-current-db", "--case", "territory.subtree", stdout=StringIO())


def test_bench_rejects_an_unknown_case() -> None:
    with pytest.raises(CommandError, match="unknown case"):
        call_command("bench", "--case", "no.such.case", stdout=StringIO())


@pytest.mark.django_db
def test_generated_territory_subtree_returns_exactly_the_grids_under_each_station() -> None:
    territory_generate(600)  # two stations
    stations = list(Node.objects.filter(kind=NodeKind.STATION))
    grids = list(Node.objects.filter(kind=NodeKind.GRID).select_related("police_district"))
    assert len(stations) == 2 and len(grids) == 600

    for station in stations:
        expected = {g.id for g in grids if g.police_district and g.police_district.parent_id == station.id}
        assert len(expected) == 300
        assert set(grids_under(station).values_list("id", flat=True)) == expected
        assert set(subtree_sql(station)) == expected


@pytest.mark.django_db
def test_generated_territory_is_what_the_importer_would_write() -> None:
    specs = territory_specs(45)
    report = territory_import(by=None, specs=specs)
    assert not report.plan.fatal and report.created == len(specs)

    imported = {(n.kind, n.code): (n.path, n.police_path, n.depth) for n in Node.objects.all()}
    generated = {(n.kind, n.code): (n.path, n.police_path, n.depth) for n in territory_nodes(specs)}
    assert generated == imported


@pytest.mark.django_db
def test_bulk_filled_chain_links_exactly_like_audit_record() -> None:
    with transaction.atomic():
        audit_record(action="before.fill")
    total = fill_chain(500, seed=1, log=lambda message: None, chunk=200)
    with transaction.atomic():
        audit_record(action="after.fill")

    result = audit_verify()

    assert total == 501
    assert result.ok and result.checked == 502


@sqlite_suite
def test_bench_runs_in_a_throwaway_database_and_leaves_the_configured_one_alone(tmp_path: Path) -> None:
    real = tmp_path / "real.sqlite3"
    real.write_bytes(b"not touched")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jingwang.settings",
        "JINGWANG_SECRET_KEY": "test-secret",
        "JINGWANG_DATA_KEY": "test-data-key",
        "JINGWANG_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{real}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "jingwang", "bench", "--json", "--case", "territory.subtree",
         "--scale", "0.01", "--repeat", "3"],
        env=env, capture_output=True, text=True, timeout=300, cwd=settings.BASE_DIR,
    )  # fmt: skip

    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["machine"]["database"]["journal_mode"] == "wal"
    assert document["machine"]["database"]["synchronous"] == "FULL"
    assert "throwaway" in done.stderr and "dropped" in done.stderr
    assert real.read_bytes() == b"not touched"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["real.sqlite3"]
