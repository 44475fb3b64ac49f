"""SECURITY issue 9 item 6: the generic /api/v1/cases/ actions obey each case type's own rules (a
dispute is never referred to a department, a mediator cannot re-refer, department staff act only on
their own work orders and in their own states); item 13 (part): PATCH of a field that may not be
written is a 400. And the case pages offer exactly what the services allow."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.forms.models import model_to_dict

from jingwang.audit.models import AuditEvent
from jingwang.casework.models import Case, CaseEvent
from jingwang.casework.testing import open_sample
from jingwang.casework.tests.rules_fixtures import (
    ROLES,
    departments,
    dispute_case,
    report_dispute,
    second_mediator,
    workorder_case,
)
from jingwang.disputes.tests import workflow as flow
from jingwang.notifications.models import Notification
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db


def unchanged(case: Case) -> dict[str, Any]:
    return {
        "case": model_to_dict(Case.objects.get(pk=case.pk)),
        "timeline": CaseEvent.objects.filter(case=case).count(),
        "notifications": Notification.objects.count(),
    }


def chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def test_grid_worker_cannot_refer_a_reported_dispute_to_a_department(world: World, api_as: Any) -> None:
    ours, _ = departments(world)
    case = report_dispute(world).case
    before = unchanged(case)
    refused = api_as("grid_a1").post(f"/api/v1/cases/{case.pk}/refer/", {"handler_department": ours.pk}, format="json")
    assert refused.status_code == 403
    error = refused.json()["error"]
    assert error["code"] == "action_not_allowed" and chinese(error["message"])
    assert unchanged(case) == before
    assert not Notification.objects.filter(recipient=world.dept).exists()
    # The department's staff still cannot read, comment on or rename it: it is not theirs.
    dept = api_as("dept")
    denials = AuditEvent.objects.filter(action="authz_denied", actor=world.dept).count()
    assert dept.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert dept.post(f"/api/v1/cases/{case.pk}/comment/", {"text": "收到"}, format="json").status_code == 404
    assert (
        dept.patch(f"/api/v1/cases/{case.pk}/", {"title": "改名"}, format="json", HTTP_IF_MATCH='"1"').status_code
        == 404
    )
    assert AuditEvent.objects.filter(action="authz_denied", actor=world.dept).count() == denials + 3
    assert dept.get("/api/v1/cases/").json()["results"] == []
    assert unchanged(case) == before


def test_refusals_for_the_role_take_the_viewsets_denial_path(world: World, api_as: Any, monkeypatch: Any) -> None:
    """Refusals for a role or a type go through ScopedViewSet.permission_denied, where the base
    viewset records denials (the service checks the same rules again on the locked row)."""
    from jingwang.api.conventions import ScopedViewSet

    ours, _ = departments(world)
    seen: list[tuple[str, str]] = []
    original = ScopedViewSet.permission_denied

    def spy(self: Any, request: Any, message: Any = None, code: Any = None) -> Any:
        seen.append((self.action, code))
        return original(self, request, message, code)

    monkeypatch.setattr(ScopedViewSet, "permission_denied", spy)
    case = report_dispute(world).case
    grid_worker = api_as("grid_a1")
    assert grid_worker.post(f"/api/v1/cases/{case.pk}/refer/", {"handler_department": ours.pk}).status_code == 403
    assert grid_worker.post(f"/api/v1/cases/{case.pk}/transition/", {"transition": "accept"}).status_code == 403
    officer = api_as("officer_a")
    etag = officer.get(f"/api/v1/cases/{case.pk}/")["ETag"]
    assert officer.patch(f"/api/v1/cases/{case.pk}/", {"level": "major"}, HTTP_IF_MATCH=etag).status_code == 403
    assert seen == [("refer", "action_not_allowed"), ("transition", "forbidden"), ("partial_update", "own_write")]


def test_a_dispute_a_department_was_given_before_the_fix_stays_out_of_its_reach(world: World, api_as: Any) -> None:
    """Rows the bypass already wrote: the department's staff neither see nor touch the dispute."""
    case = dispute_case(world)  # handler_department set, as the bypass left it
    before = unchanged(case)
    dept = api_as("dept")
    assert dept.get("/api/v1/cases/").json()["results"] == []
    assert dept.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert dept.post(f"/api/v1/cases/{case.pk}/comment/", {"text": "收到"}, format="json").status_code == 404
    assert (
        dept.patch(f"/api/v1/cases/{case.pk}/", {"title": "改名"}, format="json", HTTP_IF_MATCH='"1"').status_code
        == 404
    )
    assert unchanged(case) == before


def test_mediator_cannot_re_refer_a_dispute_referred_to_them(world: World, api_as: Any) -> None:
    ours, _ = departments(world)
    d = report_dispute(world)
    flow.dispute_accept(by=world.officer_a, dispute_id=d.pk)
    flow.dispute_refer(by=world.officer_a, dispute_id=d.pk, mediator=world.mediator, note="请调解")
    case = Case.objects.get(pk=d.case_id)
    before = unchanged(case)
    mediator = api_as("mediator")
    other = second_mediator(world)
    to_person = mediator.post(f"/api/v1/cases/{case.pk}/refer/", {"handler_user": other.pk}, format="json")
    assert to_person.status_code == 403 and chinese(to_person.json()["error"]["message"])
    to_dept = mediator.post(f"/api/v1/cases/{case.pk}/refer/", {"handler_department": ours.pk}, format="json")
    assert to_dept.status_code == 403
    assert unchanged(case) == before
    assert api_as("mediator2").get(f"/api/v1/cases/{case.pk}/").status_code == 404


def test_a_dispute_reaches_a_mediator_only_through_its_refer_mediator_step(world: World, api_as: Any) -> None:
    d = report_dispute(world)
    flow.dispute_accept(by=world.officer_a, dispute_id=d.pk)
    case = Case.objects.get(pk=d.case_id)
    before = unchanged(case)
    generic = api_as("officer_a").post(f"/api/v1/cases/{case.pk}/refer/", {"handler_user": world.mediator.pk})
    assert generic.status_code == 403 and chinese(generic.json()["error"]["message"])
    assert unchanged(case) == before
    referred = api_as("officer_a").post(f"/api/v1/cases/{case.pk}/refer_mediator/", {"mediator": world.mediator.pk})
    assert referred.status_code == 200, referred.content
    case.refresh_from_db()
    assert (case.state, case.handler_user) == ("referred", world.mediator)


def test_mediator_may_comment_only_while_the_dispute_is_with_them(world: World, api_as: Any) -> None:
    d = report_dispute(world)
    flow.dispute_accept(by=world.officer_a, dispute_id=d.pk)
    flow.dispute_refer(by=world.officer_a, dispute_id=d.pk, mediator=world.mediator)
    mediator = api_as("mediator")
    assert mediator.post(f"/api/v1/cases/{d.case_id}/comment/", {"text": "已约双方"}, format="json").status_code == 201
    flow.dispute_hand_back(by=world.mediator, dispute_id=d.pk, note="不属于调解范围")
    later = mediator.post(f"/api/v1/cases/{d.case_id}/comment/", {"text": "补充"}, format="json")
    assert later.status_code == 409 and later.json()["error"]["code"] == "wrong_state"


def test_department_staff_act_on_their_work_order_only_in_their_states(world: World, api_as: Any) -> None:
    case = workorder_case(world)
    dept = api_as("dept")
    etag = dept.get(f"/api/v1/cases/{case.pk}/")["ETag"]
    rename = dept.patch(f"/api/v1/cases/{case.pk}/", {"title": "改名"}, format="json", HTTP_IF_MATCH=etag)
    assert rename.status_code == 403
    assert dept.post(f"/api/v1/cases/{case.pk}/comment/", {"text": "已派人"}, format="json").status_code == 201
    Case.objects.filter(pk=case.pk).update(state="reported", stage="confirming")
    before = unchanged(case)
    late = dept.post(f"/api/v1/cases/{case.pk}/comment/", {"text": "补充"}, format="json")
    assert late.status_code == 409 and chinese(late.json()["error"]["message"])
    _, theirs = departments(world)
    again = dept.post(f"/api/v1/cases/{case.pk}/refer/", {"handler_department": theirs.pk}, format="json")
    assert again.status_code == 403
    assert unchanged(case) == before


def test_patch_of_a_field_that_may_not_be_written_is_a_400(world: World, api_as: Any) -> None:
    case = open_sample(world)
    before = model_to_dict(Case.objects.get(pk=case.pk))
    officer = api_as("officer_a")
    for body in ({"title": "新", "state": "done"}, {"handler_department": 1}, {"kind": "dispute", "grid": 1}):
        answer = officer.patch(f"/api/v1/cases/{case.pk}/", body, format="json", HTTP_IF_MATCH='"1"')
        assert answer.status_code == 400, (body, answer.content)
        error = answer.json()["error"]
        assert error["code"] == "invalid"
        assert set(error["fields"]) == set(body) - {"title"}
        assert all(m == ["此字段不可修改。"] for m in error["fields"].values())
    assert model_to_dict(Case.objects.get(pk=case.pk)) == before
    english = officer.patch(
        f"/api/v1/cases/{case.pk}/", {"state": "done"}, format="json", HTTP_IF_MATCH='"1"', HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.json()["error"]["fields"] == {"state": ["This field cannot be written."]}


# --- the pages offer what the services allow, and nothing else -----------------------------------

BUTTONS = {
    "comment": 'data-testid="comment"',
    "supervise": 'data-testid="supervise"',
    "take_over": 'data-testid="take-over"',
    "request_delay": 'data-testid="request-delay"',
}


def _offered(page: str) -> set[str]:
    shown = {action for action, marker in BUTTONS.items() if marker in page}
    return shown | {f"transition:{name}" for name in re.findall(r'data-testid="transition-(\w+)"', page)}


def test_refused_page_action_says_why_and_changes_nothing(world: World, client: Any) -> None:
    case = workorder_case(world)
    Case.objects.filter(pk=case.pk).update(state="reported", stage="confirming")
    before = unchanged(case)
    sign_in(client, world.dept)
    answer = client.post(f"/cases/{case.pk}/act/", {"action": "comment", "text": "补充"}, follow=True)
    assert answer.status_code == 200
    assert [str(m) for m in answer.context["messages"]] == ["案件当前状态下不能执行此操作。"]
    assert unchanged(case) == before


def test_every_role_is_covered(world: World) -> None:
    roles = {world.users[u].assignments.get().role for u in ROLES}
    assert roles == {
        "grid_worker",
        "auxiliary_officer",
        "community_officer",
        "station_leader",
        "mediator",
        "department_staff",
        "bureau_commander",
    }


def test_page_action_refused_for_the_role_is_audited(world: World, client: Any) -> None:
    case = dispute_case(world)
    before = unchanged(case)
    sign_in(client, world.grid_a1)
    client.post(f"/cases/{case.pk}/act/", {"action": "supervise", "comment": "督办"})
    assert unchanged(case) == before
    denial = AuditEvent.objects.get(action="authz_denied", actor=world.grid_a1, object_id=str(case.pk))
    assert denial.details is not None and denial.details["action"] == "supervise"
    assert denial.object_type == "casework.case"
