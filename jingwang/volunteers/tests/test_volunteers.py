"""A resident applies on the portal, the community officer verifies (the volunteer role follows),
the volunteer then receives area alerts and sees their own record, activities and team; leaving
withdraws the role."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from jingwang.accounts.models import RoleAssignment, User
from jingwang.alerts.tests.factories import send
from jingwang.core.roles import Role
from jingwang.testing import World, sign_in
from jingwang.volunteers.models import Volunteer
from jingwang.volunteers.selectors import volunteer_summary
from jingwang.volunteers.tests.factories import team, volunteer

pytestmark = pytest.mark.django_db
A1 = "grid:320106001001001"


def test_a_resident_applies_on_the_portal_and_the_verified_volunteer_receives_alerts(world: World, client: Any) -> None:
    mine = team(world, name="宁海路平安志愿队", kind="safety")
    grid = world.node(A1)
    sign_in(client, world.resident)
    page = client.get("/volunteers/join/")
    assert page.status_code == 200 and "portal-header" in page.content.decode()
    answer = client.post("/volunteers/join/", {"grid": grid.pk, "skills": "急救", "availability": "周末"})
    assert answer.status_code == 302
    applied = Volunteer.objects.get(user=world.resident)
    assert applied.status == "applied" and applied.self_registered
    assert 'data-testid="my-application"' in client.get("/volunteers/join/").content.decode()
    assert client.post("/volunteers/join/", {"grid": grid.pk}).status_code == 400  # once

    sign_in(client, world.officer_a)
    assert client.post(f"/volunteers/{applied.pk}/verify/").status_code == 302
    applied.refresh_from_db()
    assert applied.status == "verified" and applied.verified_by == world.officer_a
    role = RoleAssignment.objects.get(user=world.resident, role=Role.VOLUNTEER)
    assert role.node.ref == "community:320106001001"
    Volunteer.objects.filter(pk=applied.pk).update(team=mine)

    alert = send(world, area=(A1,), audiences=["volunteers"])
    assert alert.deliveries.filter(recipient=world.resident).exists()

    before = User.objects.get(pk=world.resident.pk).session_version
    assert client.post(f"/volunteers/{applied.pk}/leave/").status_code == 302
    assert not RoleAssignment.objects.filter(user=world.resident, role=Role.VOLUNTEER).exists()
    # Leaving is a demotion: the volunteer's sessions and tokens end (SECURITY 6).
    assert User.objects.get(pk=world.resident.pk).session_version == before + 1


def test_a_volunteer_sees_their_own_alerts_activities_and_team_only(world: World, client: Any, api_as: Any) -> None:
    mine = team(world, name="我的队")
    team(world, name="别的队")
    me = volunteer(world, name="马红梅", user=world.volunteer, team=mine)
    volunteer(world, name="邻居志愿者", team=mine)
    sign_in(client, world.officer_a)
    today = timezone.localdate()
    client.post(f"/volunteers/{me.pk}/activities/", {"kind": "patrol", "day": today, "hours": "2.5", "note": "夜巡"})
    tomorrow = today + timedelta(days=1)
    client.post(f"/volunteers/{me.pk}/activities/", {"kind": "patrol", "day": tomorrow, "hours": "2"})
    assert me.activities.count() == 1  # a future date is refused

    alert = send(world, area=(A1,), audiences=["volunteers"])
    other = send(world, area=(A1,), audiences=["grid_workers"])
    api = api_as("volunteer")
    assert [d["alert"]["id"] for d in api.get("/api/v1/alert-deliveries/").json()["results"]] == [alert.pk]
    assert [t["name"] for t in api.get("/api/v1/volunteer-teams/").json()["results"]] == ["我的队"]
    assert [v["name"] for v in api.get("/api/v1/volunteers/").json()["results"]] == ["马红梅"]
    assert api.get(f"/api/v1/alerts/{other.pk}/").status_code == 403

    sign_in(client, world.volunteer)
    page = client.get(f"/volunteers/{me.pk}/").content.decode()
    assert "夜巡" in page and "2.5" in page
    team_page = client.get(f"/volunteers/teams/{mine.pk}/").content.decode()
    assert "邻居志愿者" not in team_page  # members' names are for staff
    delivery = alert.deliveries.get(recipient=world.volunteer)
    client.post(f"/alerts/mine/{delivery.pk}/acknowledge/", {"text": "收到"})
    assert volunteer_summary(me) == {"hours": Decimal("2.5"), "alerts_answered": 1}


def test_an_officer_registers_a_volunteer_only_in_their_own_area(world: World, client: Any) -> None:
    sign_in(client, world.officer_a)
    answer = client.post("/volunteers/new/", {"name": "快递员小王", "grid": world.node(A1).pk, "skills": "熟悉街巷"})
    assert answer.status_code == 302
    made = Volunteer.objects.get(name="快递员小王")
    assert made.status == "applied" and not made.self_registered
    refused = client.post("/volunteers/new/", {"name": "越权", "grid": world.node("grid:320106001002001").pk})
    assert refused.status_code == 200 and not Volunteer.objects.filter(name="越权").exists()
