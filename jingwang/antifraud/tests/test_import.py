"""The centre's file of warnings (CSV, Chinese headers): all routed, a re-run adds nothing, a bad
row is reported by its line and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from jingwang.antifraud.imports import import_file
from jingwang.antifraud.models import Routing, Warning
from jingwang.antifraud.tests import fixtures as f
from jingwang.testing import World

pytestmark = pytest.mark.django_db


def _write(path: Path, rows: list[list[str]]) -> Path:
    lines = ["预警编号,风险等级,诈骗类型,预警时间,姓名,手机号,预警内容", *(",".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_file_of_warnings_is_routed_and_a_second_run_adds_nothing(world: World, tmp_path: Path) -> None:
    for seq in (801, 802):
        f.person(world, "in", seq)
    path = _write(tmp_path / "yj.csv", [
        ["YJ-F-1", "高", "冒充公检法", "2026-12-01 09:30:00", "", f.phone(801), "涉诈电话呼入"],
        ["YJ-F-2", "中", "02", "", "", f.phone(802), ""],
    ])  # fmt: skip
    first = import_file(by=None, path=path)
    assert first.problems == [] and first.created == 2
    assert set(Warning.objects.values_list("routing", flat=True)) == {Routing.OFFICER}
    assert Warning.objects.get(reference="YJ-F-1").risk == "high"
    again = import_file(by=None, path=path)
    assert again.created == 0 and again.present == 2 and Warning.objects.count() == 2


def test_a_bad_row_is_reported_by_line_and_nothing_is_written(world: World, tmp_path: Path) -> None:
    path = _write(tmp_path / "bad.csv", [
        ["YJ-G-1", "高", "01", "", "某某", "13900000001", ""],
        ["YJ-G-2", "极高", "01", "", "某某", "13900000002", ""],
    ])  # fmt: skip
    result = import_file(by=None, path=path)
    assert result.created == 0 and any("3" in p and "risk" in p for p in result.problems), result.problems
    assert Warning.objects.count() == 0


def test_figures_by_api_for_the_leader_count_only_their_stations(world: World, api: object) -> None:
    from jingwang.testing import sign_in

    f.warning(world, "in")
    sign_in(api, world.leader)
    rows = api.get("/api/v1/fraud-warnings/figures/").json()  # type: ignore[attr-defined]
    assert len(rows) == 1 and rows[0]["warnings"] == 1 and rows[0]["face_to_face_rate"] == 0.0
