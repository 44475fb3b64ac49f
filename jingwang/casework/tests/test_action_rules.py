"""Every generic case action × every case type × the roles × every state: allowed exactly as the
case type declares, refused otherwise (403 for a role that may never, 404 for a case the user
cannot reach, 409 for a state that does not allow it), a refusal changing nothing, and the pages'
`available` answer agreeing with the services in every cell.

The expectations are written out here by hand, independently of the declarations they check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from jingwang.audit.models import AuditEvent
from jingwang.casework import services
from jingwang.casework.models import Case, CaseEvent, DelayRequest, Supervision
from jingwang.casework.rules import available
from jingwang.casework.tests.rules_fixtures import ROLES, departments, dispute_case, second_mediator, workorder_case
from jingwang.casework.workflow import case_type
from jingwang.core.errors import ServiceError
from jingwang.disputes.models import Dispute
from jingwang.notifications.models import Notification
from jingwang.testing import World

pytestmark = pytest.mark.django_db

Expect = dict[str, set[str]]  # user → states in which the action is allowed

# --- disputes: reported, handling, referred (to the mediator), resolved, closed --------------------
D_ALL = {"reported", "handling", "referred", "resolved", "closed"}
D_OPEN = D_ALL - {"closed"}
D_LEADERS: Expect = {"leader": D_OPEN, "commander": D_OPEN}
D_FIELD_AND_LEADERS = ("grid_a1", "aux_a", "officer_a", "leader", "commander")
DISPUTE: dict[str, Expect] = {
    # Taken only by the dispute's own services (accept, refer to a mediator, correct): never here.
    "update": {},
    "assign": {},
    "refer_person": {},
    "refer_department": {},
    "comment": {u: D_ALL for u in D_FIELD_AND_LEADERS} | {"mediator": {"referred"}},  # while it is with them
    "supervise": D_LEADERS,
    "take_over": D_LEADERS,
    "request_delay": {"officer_a": {"reported", "handling", "resolved"}, "mediator": {"referred"}},
    "decide_delay": {"leader": D_ALL, "commander": D_ALL},
    **{f"transition:{t}": {} for t in ("accept", "refer", "hand_back", "resolve", "close", "reopen")},
}

# --- work orders: raised, accepted, in_progress, reported (back), reopened, confirmed ---------------
W_ALL = {"raised", "accepted", "in_progress", "reported", "reopened", "confirmed"}
W_OPEN = W_ALL - {"confirmed"}
W_DEPT = {"raised", "accepted", "in_progress", "reopened"}  # while the order is with the department
W_LEADERS: Expect = {"leader": W_OPEN, "commander": W_OPEN}
W_RAISER_SIDE: Expect = {u: {"reported"} for u in ("grid_a1", "officer_a", "leader", "commander")}
WORKORDER: dict[str, Expect] = {
    "update": {u: {"raised"} for u in ("grid_a1", "aux_a", "officer_a", "leader", "commander")},
    "comment": {u: W_ALL for u in ("grid_a1", "aux_a", "officer_a", "leader", "commander")} | {"dept": W_DEPT},
    "assign": W_LEADERS,
    "refer_person": {},
    "refer_department": {},  # the department is set when the order is raised, once
    "supervise": W_LEADERS,
    "take_over": W_LEADERS,
    "request_delay": {"dept": W_DEPT} | {u: {"reported"} for u in ("grid_a1", "aux_a", "officer_a")},
    "decide_delay": {"leader": W_ALL, "commander": W_ALL},
    "transition:accept": {"dept": {"raised"}},
    "transition:start": {"dept": {"accepted", "reopened"}},
    "transition:report": {"dept": {"accepted", "in_progress", "reopened"}},
    # The raiser (grid worker A1) or an officer or leader over the grid.
    "transition:confirm": W_RAISER_SIDE,
    "transition:reopen": W_RAISER_SIDE,
}

TYPES: dict[str, tuple[Callable[[World], Case], dict[str, Expect], set[str], set[str]]] = {
    # kind: (make the case, expectations, every state, users who cannot reach the case at all)
    "dispute": (dispute_case, DISPUTE, D_ALL, {"dept"}),
    "workorder": (workorder_case, WORKORDER, W_ALL, {"mediator"}),
}
CELLS = [(kind, action) for kind, (_, table, _s, _u) in TYPES.items() for action in table]


def test_every_generic_action_of_every_type_is_in_the_table() -> None:
    from jingwang.casework.workflow import GENERIC_ACTIONS

    for kind, (_, table, states, _u) in TYPES.items():
        ct = case_type(kind)
        assert set(ct.states) == states
        assert set(table) == set(GENERIC_ACTIONS) | {f"transition:{t.name}" for t in ct.transitions}


def _attempt(world: World, case: Case, action: str, user: Any, other_dept: Any, mediator2: Any) -> Callable[[], Any]:
    by = world.users[user]
    if action.startswith("transition:"):
        name = action.split(":", 1)[1]
        return lambda: services.case_transition(by=by, case_id=case.pk, transition=name, note="说明情况")
    return {
        "update": lambda: services.case_update(by=by, case_id=case.pk, expected_version=None, title="改过的标题"),
        "comment": lambda: services.case_comment(by=by, case_id=case.pk, text="已电话联系"),
        "assign": lambda: services.case_assign(by=by, case_id=case.pk, assignee=world.officer_a),
        "refer_person": lambda: services.case_refer(by=by, case_id=case.pk, handler_user=mediator2),
        "refer_department": lambda: services.case_refer(by=by, case_id=case.pk, handler_department=other_dept),
        "supervise": lambda: services.case_supervise(by=by, case_id=case.pk, comment="三日内办结"),
        "take_over": lambda: services.case_take_over(by=by, case_id=case.pk),
        "request_delay": lambda: services.case_request_delay(by=by, case_id=case.pk, hours=24, reason="等鉴定"),
        "decide_delay": lambda: services.case_decide_delay(by=by, request_id=_pending(world, case).pk, approve=True),
    }[action]


def _pending(world: World, case: Case) -> DelayRequest:
    return DelayRequest.objects.get_or_create(
        case=case,
        status="pending",
        defaults={
            "stage": case.stage,
            "hours": 24,
            "reason": "等鉴定",
            "requested_by": world.officer_a,
            "requested_at": timezone.now(),
        },
    )[0]


def _snapshot(case: Case) -> dict[str, Any]:
    return {
        "case": model_to_dict(Case.objects.get(pk=case.pk)),
        "dispute": list(Dispute.objects.filter(case=case).values()),
        "timeline": list(CaseEvent.objects.filter(case=case).values_list("pk", flat=True)),
        "notifications": Notification.objects.count(),
        "supervisions": Supervision.objects.filter(case=case).count(),
        "delays": list(DelayRequest.objects.filter(case=case).values()),
        "audit": AuditEvent.objects.filter(action__startswith="casework.case.").count(),
    }


def _put_in_state(case: Case, state: str) -> Case:
    ct = case_type(case.kind)
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(
        state=state,
        stage=ct.stage_of(state),
        closed_at=now - timedelta(hours=1) if ct.is_closed(state) else None,
    )
    if case.kind == "dispute":
        Dispute.objects.filter(case=case).update(status=state)
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize(("kind", "action"), CELLS, ids=[f"{k}-{a}" for k, a in CELLS])
def test_generic_action_is_allowed_exactly_as_the_case_type_declares(world: World, kind: str, action: str) -> None:
    make, table, states, unreachable = TYPES[kind]
    case = make(world)
    other_dept, mediator2 = departments(world)[1], second_mediator(world)
    expected = table[action]
    wrong: list[str] = []
    for state in sorted(states):
        case = _put_in_state(case, state)
        for user in ROLES:
            allowed = state in expected.get(user, set())
            shown = available(case, world.users[user])
            offered = (
                action.split(":", 1)[1] in {t.name for t in shown.transitions}
                if action.startswith("transition:")
                else action in shown.actions
            )
            if offered != allowed:
                wrong.append(f"{user} in {state}: page offers={offered}, expected allowed={allowed}")
            with transaction.atomic():
                if action == "decide_delay":
                    _pending(world, case)
                before = _snapshot(case)
                try:
                    _attempt(world, case, action, user, other_dept, mediator2)()
                except ServiceError as refusal:
                    if allowed:
                        wrong.append(f"{user} in {state}: refused {refusal.status} {refusal.code}, expected allowed")
                    else:
                        may_elsewhere = bool(expected.get(user))
                        want = {409} if may_elsewhere else ({404} if user in unreachable else {403})
                        if refusal.status not in want:
                            wrong.append(f"{user} in {state}: refused {refusal.status}, expected {want}")
                        if not str(refusal.message).strip():
                            wrong.append(f"{user} in {state}: refused without a message")
                        if _snapshot(case) != before:
                            wrong.append(f"{user} in {state}: a refusal changed something")
                else:
                    if not allowed:
                        wrong.append(f"{user} in {state}: allowed, expected refused")
                transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)
