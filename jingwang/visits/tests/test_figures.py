"""The week's figures come from the records: visits counted, half-days with a check-in or a visit
counted once each; changing or adding a record changes the figure; the page and the API agree."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from rest_framework.test import APIClient

from jingwang.patrols.models import CheckIn
from jingwang.patrols.services import checkin_record
from jingwang.patrols.tests import fixtures as pf
from jingwang.testing import World, sign_in
from jingwang.visits.models import Visit
from jingwang.visits.selectors import field_week
from jingwang.visits.tests import fixtures as f

SH = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 6, 1)


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 6, 1 + day, hour, 0, tzinfo=SH)


def _row(world: World, viewer: str = "leader") -> tuple[int, int]:
    rows = {r.officer_id: r for r in field_week(viewer=world.users[viewer], monday=MONDAY)}
    r = rows[world.officer_a.pk]
    return r.visits, r.half_days


def _week_of_records(world: World) -> None:
    with time_machine.travel(at(4, 20), tick=False):
        f.visit(world, "in", 1, at=at(0, 9))  # Monday morning
        f.visit(world, "in", 2, at=at(1, 9))  # Tuesday morning
        patrol = pf.patrol(world, "in")
    for moment in (at(0, 10), at(0, 15)):  # Monday morning again, Monday afternoon
        with time_machine.travel(moment, tick=False):
            checkin_record(by=world.officer_a, patrol_id=patrol.pk, seen="巡查")


def test_visits_and_half_days_are_counted_from_the_records(world: World) -> None:
    _week_of_records(world)
    assert _row(world) == (2, 3)  # Monday am (visit + check-in), Monday pm, Tuesday am


def test_changing_a_record_changes_the_figures(world: World) -> None:
    _week_of_records(world)
    Visit.objects.filter(unit__name="in商铺2").update(visited_at=at(2, 14))  # corrected: Wednesday afternoon
    assert _row(world) == (2, 3)
    CheckIn.objects.filter(at=at(0, 15)).update(at=at(3, 9))  # corrected: Thursday morning
    assert _row(world) == (2, 3)
    CheckIn.objects.filter(at=at(3, 9)).update(at=at(0, 11))  # folded into Monday morning
    assert _row(world) == (2, 2)
    Visit.objects.filter(unit__name="in商铺1").update(visited_at=at(7, 9))  # moved into the next week
    assert _row(world) == (1, 2)
    with time_machine.travel(at(4, 16), tick=False):
        f.visit(world, "in", 3)  # a new visit, Friday afternoon
    assert _row(world) == (2, 3)


def test_an_officer_without_records_shows_zero_against_the_targets(world: World) -> None:
    rows = {r.officer_id: r for r in field_week(viewer=world.leader, monday=MONDAY)}
    assert rows[world.officer_b.pk].visits == 0 and rows[world.officer_b.pk].half_days == 0
    assert not rows[world.officer_b.pk].half_days_met and rows[world.officer_b.pk].half_days_target == 5


def test_an_officer_sees_only_their_own_district(world: World) -> None:
    officers = {r.officer_id for r in field_week(viewer=world.officer_a, monday=MONDAY)}
    assert world.officer_a.pk in officers and world.officer_b.pk not in officers


def test_page_and_api_show_the_same_figures(world: World) -> None:
    _week_of_records(world)
    api = APIClient()
    api.force_authenticate(world.leader)
    answer = api.get("/api/v1/visits/figures/", {"week": "2026-06-03"})
    assert answer.status_code == 200
    row = next(r for r in answer.json() if r["officer_id"] == world.officer_a.pk)
    assert (row["week"], row["visits"], row["half_days"], row["half_days_target"]) == ("2026-06-01", 2, 3, 5)
    page = Client()
    sign_in(page, world.leader)
    html = page.get("/visits/figures/", {"week": "2026-06-03"}).content.decode()
    assert f'data-testid="half-days-{world.officer_a.pk}">3 / 5' in html
    bad = api.get("/api/v1/visits/figures/", {"week": "星期一"})
    assert bad.status_code == 400


def test_a_visit_collects_data_through_the_registry_queue(world: World) -> None:
    api = APIClient()
    api.force_authenticate(world.officer_a)
    shop = f.unit(world, "in", "collect")
    answer = api.post(
        "/api/v1/visits/",
        {
            "unit": shop.pk,
            "purpose": "collection",
            "met": "店主",
            "collected": [
                {
                    "kind": "unit",
                    "payload": {"name": "新开小超市", "unit_type": "individual", "address": "南京市鼓楼区中山路1号"},
                }
            ],
        },
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    from jingwang.registry.models import Collection

    visit = Visit.objects.get(pk=answer.json()["id"])
    assert list(visit.collections.values_list("status", flat=True)) == ["pending"]
    assert Collection.objects.get().submitted_by == world.officer_a


def test_a_visit_out_of_the_week_window_is_refused_with_a_message(world: World) -> None:
    api = APIClient()
    api.force_authenticate(world.officer_a)
    shop = f.unit(world, "in", "late")
    long_ago = (datetime.now(SH) - timedelta(days=30)).isoformat()
    answer = api.post("/api/v1/visits/", {"unit": shop.pk, "visited_at": long_ago}, format="json")
    assert answer.status_code == 400
    assert Visit.objects.count() == 0


def test_the_visit_page_shows_the_hazards_on_record_at_the_visited_unit(world: World) -> None:
    from jingwang.hazards.models import Category
    from jingwang.hazards.services import hazard_report
    from jingwang.hazards.tests.fixtures import departments

    departments()
    visit = f.visit(world, "in", "hazard")
    found = hazard_report(
        by=world.officer_a,
        grid=visit.grid,
        category=Category.objects.get(code="flying_lead"),
        description="门口飞线充电",
        unit=visit.unit,
    )
    page = Client()
    sign_in(page, world.officer_a)
    html = page.get(visit.get_absolute_url()).content.decode()
    assert found.case.number in html and "飞线充电" in html
    api = APIClient()
    api.force_authenticate(world.officer_a)
    assert [h["id"] for h in api.get(f"/api/v1/hazards/?unit={visit.unit_id}").json()["results"]] == [found.pk]
