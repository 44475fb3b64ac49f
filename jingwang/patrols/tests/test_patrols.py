"""Patrol rules: members hold a role over the area (volunteers included), only members check in,
the first check-in starts a planned patrol, a finished one takes no more, and cases raised on the
spot go through the other apps' services and stay with the patrol."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from jingwang.core.errors import Forbidden, ServiceError
from jingwang.disputes.models import Dispute
from jingwang.patrols.models import CheckIn, Patrol, Raised
from jingwang.patrols.services import checkin_record, patrol_create, patrol_finish
from jingwang.patrols.tests import fixtures as f
from jingwang.testing import World, sign_in
from jingwang.workorders.models import WorkOrder


def _api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[name])
    return client


def test_volunteer_member_checks_in_and_the_first_check_in_starts_the_patrol(world: World) -> None:
    patrol = f.patrol(world, "in", members=("volunteer", "grid_a1"))
    assert patrol.status == "planned"
    answer = _api(world, "volunteer").post(
        f"/api/v1/patrols/{patrol.pk}/checkin/", {"lat": "32.05", "lon": "118.77", "seen": "路灯正常"}, format="json"
    )
    assert answer.status_code == 201, answer.json()
    patrol.refresh_from_db()
    assert patrol.status == "active" and patrol.started_at is not None
    assert CheckIn.objects.get().by == world.volunteer


def test_someone_not_on_the_patrol_may_not_check_in(world: World) -> None:
    patrol = f.patrol(world, "in")
    answer = _api(world, "grid_a1").post(f"/api/v1/patrols/{patrol.pk}/checkin/", {"seen": "x"}, format="json")
    assert answer.status_code == 403
    assert CheckIn.objects.count() == 0


def test_a_member_must_hold_a_role_over_the_area(world: World) -> None:
    with pytest.raises(ServiceError) as refused:
        patrol_create(
            by=world.officer_a,
            title="越区巡逻",
            area=world.node(f.A1),
            kind="ad_hoc",
            members=[world.grid_b1],
        )
    assert "members" in refused.value.fields
    assert Patrol.objects.count() == 0


def test_a_volunteer_may_not_plan_a_patrol(world: World) -> None:
    with pytest.raises(Forbidden):
        patrol_create(by=world.volunteer, title="志愿巡逻", area=world.node(f.A1), kind="ad_hoc")


def test_a_finished_patrol_takes_no_more_check_ins(world: World) -> None:
    patrol = f.patrol(world, "in")
    checkin_record(by=world.officer_a, patrol_id=patrol.pk, seen="开始")
    patrol_finish(by=world.officer_a, patrol_id=patrol.pk)
    answer = _api(world, "officer_a").post(f"/api/v1/patrols/{patrol.pk}/checkin/", {"seen": "迟到"}, format="json")
    assert answer.status_code == 409
    assert CheckIn.objects.count() == 1


def test_bad_coordinates_are_a_clear_400(world: World) -> None:
    patrol = f.patrol(world, "in")
    api = _api(world, "officer_a")
    for body in ({"lat": "91", "lon": "118"}, {"lat": "32.05"}, {"lat": "abc", "lon": "118"}):
        answer = api.post(f"/api/v1/patrols/{patrol.pk}/checkin/", body, format="json")
        assert answer.status_code == 400, (body, answer.json())
    assert CheckIn.objects.count() == 0


def test_a_dispute_and_a_work_order_raised_on_the_spot_stay_with_the_patrol(world: World) -> None:
    from jingwang.hazards.tests.fixtures import departments

    patrol = f.patrol(world, "in")
    page = Client()
    sign_in(page, world.officer_a)
    grid = world.node(f.A1).pk
    answer = page.post(
        "/patrols/raise/dispute/",
        {"patrol": patrol.pk, "grid": grid, "title": "邻里噪音纠纷", "kind": "neighbours", "summary": "楼上装修噪音"},
    )
    assert answer.status_code == 302
    department = departments()["subdistrict"]
    answer = page.post(
        "/patrols/raise/workorder/",
        {"patrol": patrol.pk, "grid": grid, "department": department.pk, "title": "井盖缺失", "description": "路口"},
    )
    assert answer.status_code == 302
    raised: dict[str, Any] = {r.kind: r.case_id for r in Raised.objects.filter(patrol=patrol)}
    assert raised["dispute"] == Dispute.objects.get().case_id
    assert raised["workorder"] == WorkOrder.objects.get().case_id
    html = page.get(patrol.get_absolute_url()).content.decode()
    assert Dispute.objects.get().case.number in html


def test_raising_on_a_patrol_out_of_scope_is_the_404_page(world: World) -> None:
    outside = f.patrol(world, "out")
    page = Client()
    sign_in(page, world.officer_a)
    assert page.get(f"/patrols/raise/hazard/?patrol={outside.pk}").status_code == 404
    assert page.get("/patrols/checkin/?patrol=abc").status_code == 404
