"""Each incident figure equals an independent computation from the raw rows, 同比 and 环比
included (a zero base is "新增", never infinite), and a viewer sees only their own territory."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from jingwang.incidents.followups.figures import Period, change, incident_figures
from jingwang.incidents.followups.tests.helpers import GRID_A1, GRID_A2, GRID_B1, category, incident
from jingwang.incidents.models import Incident
from jingwang.incidents.services import record_incidents
from jingwang.incidents.tallies import kept_tallies, rebuild_tallies, tallies_from_raw
from jingwang.incidents.tests.factories import POINTS
from jingwang.registry.models import Person
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
CODES = ("burglary", "fraud", "fight", "traffic", "noise")
PERIOD = Period(date(2026, 3, 1), date(2026, 3, 31))


def seed(world: World, n: int = 400) -> None:
    """Random incidents over two years in grids A1 and B1 (A2 has none), and some residents."""
    rng = random.Random(17)
    start = datetime(2025, 1, 1, tzinfo=TZ)
    for _ in range(n):
        at = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 480))
        incident(world, rng.choice(CODES), grid=rng.choice((GRID_A1, GRID_B1)), at=at)
    for i in range(7):
        Person.objects.create(grid=world.node(GRID_A1 if i < 5 else GRID_B1), name=f"居民{i}")


def independent(rows: list[dict[str, Any]], period: Period, grids: set[int]) -> Counter[str]:
    """Counts by category name, from the raw rows, in Python (local dates, both ends included)."""
    return Counter(
        r["category__name"]
        for r in rows
        if r["grid_id"] in grids and period.start <= r["occurred_at"].astimezone(TZ).date() <= period.end
    )


def raw() -> list[dict[str, Any]]:
    return [dict(r) for r in Incident.objects.values("grid_id", "occurred_at", "category__name")]


@pytest.mark.parametrize(("viewer", "node", "grids"), [
    ("leader", "station:320106001", (GRID_A1, GRID_A2, GRID_B1)),
    ("officer_a", "police_district:320106001001", (GRID_A1, GRID_A2)),
    ("commander", "community:320106001002", (GRID_B1,)),
])  # fmt: skip
def test_every_figure_equals_an_independent_count_of_the_raw_rows(
    world: World, viewer: str, node: str, grids: tuple[str, ...]
) -> None:
    seed(world)
    ids = {world.node(g).pk for g in grids}
    rows = raw()
    figures = incident_figures(viewer=world.users[viewer], node=world.node(node), period=PERIOD)
    now = independent(rows, PERIOD, ids)
    year_ago = independent(rows, Period(date(2025, 3, 1), date(2025, 3, 31)), ids)
    before = independent(rows, Period(date(2026, 1, 29), date(2026, 2, 28)), ids)  # 31 days before
    assert {r["category"]: r["count"] for r in figures["rows"] if r["count"]} == dict(now)
    for r in figures["rows"]:
        assert r["yoy"] == change(now[r["category"]], year_ago[r["category"]])
        assert r["mom"] == change(now[r["category"]], before[r["category"]])
    assert figures["total"] == sum(now.values())
    assert figures["total_yoy"]["base"] == sum(year_ago.values())
    assert figures["total_mom"]["base"] == sum(before.values())
    preventable = sum(n for name, n in now.items() if name in {"入室盗窃", "电信网络诈骗"})
    residents = Person.objects.filter(grid_id__in=ids).count()
    assert figures["preventable"] == preventable and figures["residents"] == residents
    assert figures["preventable_rate"] == round(preventable * 10_000 / residents, 2)
    per_grid = Counter(r["grid_id"] for r in rows if r["grid_id"] in ids
                       and PERIOD.start <= r["occurred_at"].astimezone(TZ).date() <= PERIOD.end)  # fmt: skip
    assert [g["count"] for g in figures["top_grids"]] == sorted(per_grid.values(), reverse=True)
    zero = {c.code for c in figures["zero_communities"]}
    community = {GRID_A1: "320106001001", GRID_A2: "320106001001", GRID_B1: "320106001002"}
    expected_zero = {community[g] for g in grids} - {community[g] for g in grids if per_grid.get(world.node(g).pk)}
    assert zero == expected_zero


def test_a_zero_base_is_new_not_infinite_and_zero_on_zero_is_unchanged(world: World) -> None:
    category("burglary")
    incident(world, "burglary", at=datetime(2026, 3, 5, 10, tzinfo=TZ))
    figures = incident_figures(viewer=world.leader, node=world.node("station:320106001"), period=PERIOD)
    (row,) = figures["rows"]
    assert row["yoy"] == {"current": 1, "base": 0, "pct": None, "label": "新增"}
    assert change(0, 0)["label"] == "持平" and change(3, 4)["label"] == "-25.0%"
    assert [c.code for c in figures["zero_communities"]] == ["320106001002"]  # 零发案
    assert figures["preventable_rate"] is None  # no residents: no rate, not a division by zero


def test_the_period_of_equal_length_and_last_years_leap_day() -> None:
    assert Period(date(2024, 2, 29), date(2024, 2, 29)).last_year() == Period(date(2023, 2, 28), date(2023, 2, 28))
    assert Period(date(2026, 3, 1), date(2026, 3, 31)).previous() == Period(date(2026, 1, 29), date(2026, 2, 28))


def test_an_officer_sees_only_their_district_on_the_page_and_the_api(world: World, client: Any, api_as: Any) -> None:
    incident(world, "burglary", grid=GRID_B1, at=datetime(2026, 3, 5, 10, tzinfo=TZ))
    incident(world, "burglary", grid=GRID_A1, at=datetime(2026, 3, 6, 10, tzinfo=TZ))
    officer = api_as("officer_a")
    mine = officer.get("/api/v1/incident-figures/", {"start": "2026-03-01", "end": "2026-03-31"})
    assert mine.status_code == 200 and mine.json()["total"] == 1
    assert officer.get("/api/v1/incident-figures/", {"node": "community:320106001002"}).status_code == 404
    assert officer.get("/api/v1/incident-figures/", {"node": "station:320106001"}).status_code == 404
    assert api_as("mediator").get("/api/v1/incident-figures/").status_code == 403
    bad = officer.get("/api/v1/incident-figures/", {"start": "2026-03-31", "end": "2026-03-01"})
    assert bad.status_code == 400
    sign_in(client, world.officer_a)
    page = client.get("/incidents/followups/figures/", {"start": "2026-03-01", "end": "2026-03-31"})
    assert page.status_code == 200 and 'data-testid="total">1<' in page.content.decode()
    assert client.get("/incidents/followups/figures/", {"node": "community:320106001002"}).status_code == 404


def test_the_tally_equals_a_recomputation_from_the_raw_rows_after_imports_and_a_reimport(world: World) -> None:
    """record_incidents keeps the figures' tally in its transaction: after two imports, a re-import
    that adds nothing and a refused all-or-nothing batch, the kept tally equals the incidents
    counted afresh per grid, local month and category (independently in Python, and by
    rebuild_tallies' query); rebuilding changes nothing."""
    rng = random.Random(3)
    grids = list(POINTS)

    def batch(prefix: str, n: int) -> list[dict[str, Any]]:
        rows = []
        for i in range(n):
            lon, lat = POINTS[rng.choice(grids)]
            # Local times near midnight at a month's end: UTC is still the previous month.
            day = rng.choice(["2026-01-31", "2026-02-01", "2026-02-28", "2026-03-01", "2026-03-15"])
            at = f"{day} {rng.choice(['00:30', '07:59', '08:01', '23:30'])}"
            row: dict[str, Any] = {"number": f"{prefix}{i:04d}", "occurred_at": at}
            row["category"] = rng.choice(["0101", "0102"])
            if i % 9:
                row.update(lon=lon, lat=lat)
            else:
                row["place"] = "不存在的地方"  # on no grid
            rows.append(row)
        return rows

    first = batch("TA", 60)
    assert record_incidents(first, by=None).created == 60
    assert record_incidents(batch("TB", 40), by=None).created == 40
    before = kept_tallies()
    again = record_incidents(first, by=None)
    assert again.created == 0 and again.present == 60
    assert kept_tallies() == before
    refused = [*batch("TC", 5), {"number": "TC-bad", "occurred_at": "2026-03-01 10:00", "category": "nope"}]
    assert record_incidents(refused, by=None, all_or_nothing=True).created == 0
    assert kept_tallies() == before

    expected = Counter(
        (grid, at.astimezone(TZ).date().replace(day=1), cat)
        for grid, at, cat in Incident.objects.values_list("grid_id", "occurred_at", "category_id")
        if grid is not None
    )
    assert Incident.objects.filter(grid__isnull=True).exists()
    assert sum(expected.values()) == Incident.objects.filter(grid__isnull=False).count() > 50
    assert kept_tallies() == dict(expected) == tallies_from_raw()
    rebuild_tallies()
    assert kept_tallies() == dict(expected)


def test_figures_of_any_period_read_from_the_tally_equal_the_raw_count(world: World) -> None:
    """Periods starting and ending mid-month, a month covered less than half, and whole months."""
    seed(world)
    rows = raw()
    ids = {world.node(g).pk for g in (GRID_A1, GRID_A2, GRID_B1)}
    node = world.node("station:320106001")
    leader = world.users["leader"]
    for start, end in [(date(2025, 2, 10), date(2025, 4, 20)), (date(2025, 6, 1), date(2025, 6, 30)),
                       (date(2025, 7, 20), date(2025, 8, 3)), (date(2026, 1, 1), date(2026, 2, 27))]:  # fmt: skip
        period = Period(start, end)
        figures = incident_figures(viewer=leader, node=node, period=period)
        assert {r["category"]: r["count"] for r in figures["rows"] if r["count"]} == independent(rows, period, ids)
