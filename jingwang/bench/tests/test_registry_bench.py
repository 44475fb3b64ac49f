"""The registry benchmark cases run end to end at a tiny scale and leave no import behind."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from jingwang.bench.cases.registry import COUNTY, district_specs
from jingwang.registry.models import ImportJob, Person
from jingwang.territory.services import territory_import

CASES = ["registry.import", "registry.search_id", "registry.search_name_birth", "registry.person_list",
         "registry.grid_assignment"]  # fmt: skip


@pytest.mark.django_db
def test_registry_cases_run_and_report_p99() -> None:
    out = StringIO()
    call_command("bench", "--json", "--case", *CASES, "--scale", "0.002", "--repeat", "3", "--use-current-db",
                 stdout=out, stderr=StringIO())  # fmt: skip
    results = {r["name"]: r for r in json.loads(out.getvalue())["results"]}
    assert set(results) == set(CASES)
    for name in ("registry.search_id", "registry.search_name_birth", "registry.person_list"):
        assert results[name]["p99"] >= results[name]["p95"] >= results[name]["median"] > 0
        assert results[name]["status"] in {"PASS", "MISS"}
    assert results["registry.import"]["size"] == 2000 and results["registry.import"]["ratio"] > 0
    # The seeded residents stay for the read cases; the import's rows and scratch tables are gone.
    assert Person.objects.count() == 2000 and not ImportJob.objects.exists()
    assert not [t for t in connection.introspection.table_names() if t.startswith("bench_scratch_")]


@pytest.mark.django_db
def test_bench_district_is_a_valid_territory() -> None:
    specs = district_specs(4)
    report = territory_import(by=None, specs=specs)
    assert not report.plan.fatal
    assert sum(1 for s in specs if s.kind == "grid") == 40 and all(s.code.startswith(("33", COUNTY)) for s in specs)
