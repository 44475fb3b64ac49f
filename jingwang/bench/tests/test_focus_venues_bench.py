"""The focus-ledger and hotel-guest cases run end to end at a tiny scale: the ledger page shows the
first page of the viewer's scope, and the guest batches route exactly the planted hits."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from jingwang.focus.models import Listing
from jingwang.venues.models import Guest, VenueHit


def run(*cases: str) -> dict[str, dict[str, object]]:
    out = StringIO()
    call_command("bench", "--json", "--case", *cases, "--scale", "0.002", "--repeat", "2", "--use-current-db",
                 stdout=out, stderr=StringIO())  # fmt: skip
    return {r["name"]: r for r in json.loads(out.getvalue())["results"]}


@pytest.mark.django_db
def test_guests_case_routes_exactly_the_planted_hits() -> None:
    [result] = run("venues.guests").values()
    assert result["size"] == 200 and result["median"] > 0 and result["ratio"] > 0  # type: ignore[operator]
    assert "planted hits: 5 watch-listed residents, 5 identifier-only entries, 5 focus persons" in str(result["notes"])
    # The case asserts the routed hits after every call; teardown removes the guests and hits.
    assert not Guest.objects.exists() and not VenueHit.objects.exists()
    assert Listing.objects.count() == 200


@pytest.mark.django_db
def test_ledger_cases_run_for_an_officer_and_a_commander() -> None:
    results = run("focus.ledger", "focus.ledger_bureau")
    officer, bureau = results["focus.ledger"], results["focus.ledger_bureau"]
    for r in (officer, bureau):
        assert r["p99"] >= r["p95"] >= r["median"] > 0  # type: ignore[operator]
        assert r["status"] in {"PASS", "MISS"} and r["target"] == "p95 ≤ 100 ms"
    assert "200 active focus persons; the viewer sees 200 in 20 grids" in str(bureau["notes"])
    assert "the viewer sees 200 " not in str(officer["notes"])
