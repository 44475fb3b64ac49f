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
