"""Cases through the API and the pages: actions, timeline, versions, leaders' lists."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from jingwang.casework.models import Case, CaseEvent, Department
from jingwang.casework.sweep import sweep
from jingwang.casework.testing import open_sample
from jingwang.testing import sign_in

pytestmark = pytest.mark.django_db


def test_timeline_lists_every_action_through_the_api(world: Any, api_as: Any) -> None:
    case = open_sample(world)
    officer, leader = api_as("officer_a"), api_as("leader")
    assert (
        officer.post(f"/api/v1/cases/{case.pk}/transition/", {"transition": "start"}, format="json").status_code == 200
    )
    assert officer.post(f"/api/v1/cases/{case.pk}/comment/", {"text": "已联系"}, format="json").status_code == 201
    assert leader.post(f"/api/v1/cases/{case.pk}/supervise/", {"text": "尽快"}, format="json").status_code == 201
    assert leader.post(f"/api/v1/cases/{case.pk}/take-over/", {}, format="json").status_code == 200
    made = officer.post(f"/api/v1/cases/{case.pk}/request-delay/", {"hours": 24, "reason": "等鉴定"}, format="json")
    assert made.status_code == 201
    decided = leader.post(
        f"/api/v1/cases/{case.pk}/delays/{made.json()['id']}/decide/", {"approve": True}, format="json"
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    kinds = [e["kind"] for e in officer.get(f"/api/v1/cases/{case.pk}/timeline/").json()]
    assert kinds == [
        "opened",
        "transition",
        "comment",
        "supervision",
        "taken_over",
        "delay_requested",
        "delay_approved",
    ]


def test_officer_may_not_supervise_or_take_over(world: Any, api_as: Any) -> None:
    case = open_sample(world)
    officer = api_as("officer_a")
    assert officer.post(f"/api/v1/cases/{case.pk}/supervise/", {"text": "x"}, format="json").status_code == 403
    assert officer.post(f"/api/v1/cases/{case.pk}/take-over/", {}, format="json").status_code == 403
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_stale_if_match_is_refused(world: Any, api_as: Any) -> None:
    case = open_sample(world)
    officer = api_as("officer_a")
    etag = officer.get(f"/api/v1/cases/{case.pk}/")["ETag"]
    assert (
        officer.patch(f"/api/v1/cases/{case.pk}/", {"title": "新"}, format="json", HTTP_IF_MATCH=etag).status_code
        == 200
    )
    stale = officer.patch(f"/api/v1/cases/{case.pk}/", {"title": "旧"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert officer.patch(f"/api/v1/cases/{case.pk}/", {"title": "旧"}, format="json").status_code == 428
    case.refresh_from_db()
    assert case.title == "新"


def test_leader_sees_overdue_cases_in_the_list_and_page(world: Any, api_as: Any, client: Any) -> None:
    with time_machine.travel("2026-11-21 09:00:00+08:00", tick=False) as clock:
        late = open_sample(world, title="逾期的案件")
        clock.shift(timedelta(hours=30))
        fresh = open_sample(world, title="新案件")
        clock.shift(timedelta(hours=20))
        sweep()
        ids = {c["id"] for c in api_as("leader").get("/api/v1/cases/?show=overdue").json()["results"]}
        assert ids == {late.pk}
        sign_in(client, world.leader)
        page = client.get("/cases/?show=overdue").content.decode()
        assert "逾期的案件" in page and "新案件" not in page
        assert "ui-badge-warn" in page  # the deadline column: yellow
        assert fresh.pk


def test_actions_on_the_case_page(world: Any, client: Any) -> None:
    case = open_sample(world)
    sign_in(client, world.leader)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="supervise"' in page and 'data-testid="take-over"' in page
    response = client.post(
        f"/cases/{case.pk}/act/", {"action": "supervise", "comment": "今日办结", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    client.post(f"/cases/{case.pk}/act/", {"action": "take_over"})
    case.refresh_from_db()
    assert case.leader == world.leader
    sign_in(client, world.officer_a)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="supervise"' not in page and "今日办结" in page
    client.post(f"/cases/{case.pk}/act/", {"action": "transition", "transition": "start", "version": case.version})
    case.refresh_from_db()
    assert case.state == "working"


def test_officer_of_other_district_cannot_post_actions(world: Any, client: Any) -> None:
    case = open_sample(world)
    sign_in(client, world.officer_b)
    assert client.post(f"/cases/{case.pk}/act/", {"action": "comment", "text": "x"}).status_code == 404
    assert CaseEvent.objects.filter(case=case).count() == 1


def test_system_admin_keeps_departments(world: Any, api_as: Any) -> None:
    admin, officer = api_as("sysadmin"), api_as("officer_a")
    made = admin.post(
        "/api/v1/departments/", {"name": "民政局", "phone": "025-1234", "default_deadline_hours": 48}, format="json"
    )
    assert made.status_code == 201
    assert officer.post("/api/v1/departments/", {"name": "x"}, format="json").status_code == 403
    assert [d["name"] for d in officer.get("/api/v1/departments/").json()["results"]] == ["民政局"]
    dept = Department.objects.get()
    assert (
        admin.patch(
            f"/api/v1/departments/{dept.pk}/", {"default_deadline_hours": 24}, format="json", HTTP_IF_MATCH='"1"'
        ).status_code
        == 200
    )
    assert Case.objects.count() == 0


def test_system_admin_names_department_staff_by_username(world: Any, api_as: Any) -> None:
    dept = Department.objects.create(name="卫健委")
    admin = api_as("sysadmin")
    answer = admin.put(f"/api/v1/departments/{dept.pk}/members/", {"usernames": ["dept"]}, format="json")
    assert answer.status_code == 200 and answer.json() == {"usernames": ["dept"]}
    assert (
        admin.put(f"/api/v1/departments/{dept.pk}/members/", {"usernames": ["nobody"]}, format="json").status_code
        == 400
    )
    refused = api_as("leader").put(f"/api/v1/departments/{dept.pk}/members/", {"usernames": []}, format="json")
    assert refused.status_code == 403
    assert list(dept.members.values_list("username", flat=True)) == ["dept"]


def test_a_deadline_policy_changes_the_deadlines_of_new_cases(world: Any, api_as: Any) -> None:
    admin = api_as("sysadmin")
    made = admin.post(
        "/api/v1/deadline-policies/",
        {"kind": "sample", "stage": "new", "yellow_hours": 2, "red_hours": 4, "bureau_hours": 4},
        format="json",
    )
    assert made.status_code == 201, made.content
    bad = admin.post("/api/v1/deadline-policies/", {"kind": "sample", "yellow_hours": 5, "red_hours": 4}, format="json")
    assert bad.status_code == 400
    assert (
        api_as("officer_a")
        .post("/api/v1/deadline-policies/", {"kind": "x", "yellow_hours": 1, "red_hours": 2}, format="json")
        .status_code
        == 403
    )
    case = open_sample(world)
    assert case.red_at == case.opened_at + timedelta(hours=4)
    urgent = open_sample(world, urgency="urgent")  # the kind + stage row is more specific than urgency alone
    assert urgent.red_at == urgent.opened_at + timedelta(hours=4)
    assert {p["kind"] for p in api_as("leader").get("/api/v1/deadline-policies/").json()["results"]} >= {"", "sample"}
