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
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from jingwang.antifraud.tests.fixtures import TRANSITION_INPUT as DISSUASION_INPUT
from jingwang.antifraud.tests.fixtures import dissuasion_case
from jingwang.audit.models import AuditEvent
from jingwang.casework import services
from jingwang.casework.api.views import RESERVED
from jingwang.casework.models import Case, CaseEvent, DelayRequest, Supervision
from jingwang.casework.rules import available
from jingwang.casework.services import case_url
from jingwang.casework.tests.rules_fixtures import ROLES, departments, dispute_case, second_mediator, workorder_case
from jingwang.casework.tests.test_refer_bypass import BUTTONS, _offered
from jingwang.casework.workflow import GENERIC_ACTIONS, UPDATE_FIELDS, case_type, case_types
from jingwang.core.errors import ServiceError
from jingwang.disputes.models import Dispute
from jingwang.focus.tests.conftest import TRANSITION_INPUT, followup_case, search_case
from jingwang.hazards.tests.fixtures import TRANSITION_INPUT as HAZARD_INPUT
from jingwang.hazards.tests.fixtures import hazard_case
from jingwang.incidents.followups.tests.contract_data import return_visit_case
from jingwang.notifications.models import Notification
from jingwang.portal.tests.fixtures import correction_case
from jingwang.testing import World, sign_in
from jingwang.tips.tests.fixtures import route_input, tip_case
from jingwang.venues.tests.fixtures import incident_case, inspection_case

pytestmark = pytest.mark.django_db

Expect = dict[str, set[str]]  # user → states in which the action is allowed

# --- disputes: reported, handling, referred (to the mediator), resolved, closed --------------------
D_ALL = {"reported", "handling", "referred", "resolved", "closed"}
D_OPEN = D_ALL - {"closed"}
D_LEADERS: Expect = {"leader": D_OPEN, "commander": D_OPEN}
D_FIELD_AND_LEADERS = ("grid_a1", "aux_a", "officer_a", "leader", "commander")
D_BEFORE_OUTCOME = {"reported", "handling", "referred"}
DISPUTE: dict[str, Expect] = {
    # The title lives on the case only: the officer and the station leader correct it anywhere.
    "update": {"officer_a": D_BEFORE_OUTCOME, "leader": D_BEFORE_OUTCOME},
    # Accepting names the handling officer, the refer_mediator step the mediator: never the generic routes.
    "assign": {},
    "refer_person": {},
    "refer_department": {},
    "comment": {u: D_ALL for u in D_FIELD_AND_LEADERS} | {"mediator": {"referred"}},  # while it is with them
    "supervise": D_LEADERS,
    "take_over": D_LEADERS,
    "request_delay": {"officer_a": {"reported", "handling", "resolved"}, "mediator": {"referred"}},
    "decide_delay": {"leader": D_ALL, "commander": D_ALL},
    # The steps, by hand: the officer (the case's assignee) and the station leader accept, refer,
    # close and reopen; the officer records the outcome of a dispute they handle, the mediator of
    # one referred to them, who may also hand it back. Nobody else, in no other state.
    "transition:accept": {"officer_a": {"reported"}, "leader": {"reported"}},
    "transition:refer_mediator": {"officer_a": {"handling"}, "leader": {"handling"}},
    "transition:hand_back": {"mediator": {"referred"}},
    "transition:resolve": {"officer_a": {"handling"}},
    "transition:mediated": {"mediator": {"referred"}},
    "transition:close": {"officer_a": {"resolved"}, "leader": {"resolved"}},
    "transition:reopen": {"officer_a": {"resolved"}, "leader": {"resolved"}},
}


def _payload(world: World, kind: str, transition: str) -> dict[str, Any]:
    """The input a transition of this kind of case takes (disputes' name people; focus' record a visit)."""
    if kind == "dispute":
        return _inputs(world).get(transition, {})
    if kind == "tips.tip" and transition == "route":
        return route_input(world)
    if kind == "antifraud.dissuasion":
        return dict(DISSUASION_INPUT.get(transition, {}))
    if kind == "hazards.hazard":
        return dict(HAZARD_INPUT.get(transition, {}))
    return dict(TRANSITION_INPUT.get(transition, {}))


def _inputs(world: World) -> dict[str, dict[str, Any]]:
    """A valid input for each transition that declares one (the officer, the mediator, the outcome)."""
    return {
        "accept": {"officer": world.officer_a},
        "refer_mediator": {"mediator": world.mediator},
        "resolve": {"outcome": "litigation"},
        "mediated": {"outcome": "litigation"},
    }


# --- work orders: raised, accepted, in_progress, reported (back), reopened, confirmed ---------------
W_ALL = {"raised", "accepted", "in_progress", "reported", "reopened", "confirmed", "returned"}
W_OPEN = W_ALL - {"confirmed", "returned"}
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
    "transition:return": {"dept": {"raised", "accepted"}},  # not the department's business
    # The raiser (grid worker A1) or an officer or leader over the grid.
    "transition:confirm": W_RAISER_SIDE,
    "transition:reopen": W_RAISER_SIDE,
}

# --- focus follow-ups (released prisoner: the officer records, no health sign-off) -------------------
F_ALL = {"due", "health", "done", "cancelled"}
F_OPEN = {"due", "health"}
F_RECORDERS = ("aux_a", "officer_a")
F_LEADERS: Expect = {"leader": F_OPEN, "commander": F_OPEN}
FOLLOWUP: dict[str, Expect] = {
    "update": {},
    "assign": {},
    "refer_person": {},
    "refer_department": {},
    "take_over": {},
    "comment": {u: F_OPEN for u in F_RECORDERS} | F_LEADERS,
    "supervise": F_LEADERS,
    "request_delay": {u: F_OPEN for u in F_RECORDERS},
    "decide_delay": F_LEADERS,
    "transition:record": {u: {"due"} for u in F_RECORDERS},
    "transition:record_for_health": {},  # only for categories a health worker signs
    "transition:health_signed": {},  # the health worker's sign-off, from the focus pages only
    "transition:cancel": {},  # the ledger's own (lapse, delisting)
}
# --- focus lost-contact searches: searching, escalated, found ---------------------------------------
S_OPEN = {"searching", "escalated"}
S_MOVERS = ("aux_a", "officer_a", "leader", "commander")
SEARCH: dict[str, Expect] = {
    "update": {},
    "assign": {},
    "refer_person": {},
    "refer_department": {},
    "request_delay": {},
    "decide_delay": {},
    "comment": {u: S_OPEN for u in ("grid_a1", *S_MOVERS)},
    "supervise": {"leader": S_OPEN, "commander": S_OPEN},
    "take_over": {"leader": S_OPEN, "commander": S_OPEN},
    "transition:found": {u: S_OPEN for u in S_MOVERS},
    "transition:escalate": {u: {"searching"} for u in S_MOVERS},
}
# --- venue inspections: scheduled, rectifying, passed, rectified, overdue (the sweep's) ------------
V_ALL = {"scheduled", "rectifying", "passed", "rectified", "overdue"}
V_OPEN = {"scheduled", "rectifying"}
V_FIELD_AND_LEADERS = ("grid_a1", "aux_a", "officer_a", "leader", "commander")
V_LEADERS: Expect = {"leader": V_OPEN, "commander": V_OPEN}
V_INSPECTORS = ("aux_a", "officer_a", "leader")
INSPECTION: dict[str, Expect] = {
    "update": {u: V_OPEN for u in ("aux_a", "officer_a", "leader", "commander")},
    "comment": {u: V_OPEN for u in V_FIELD_AND_LEADERS},
    "assign": V_LEADERS,
    "refer_person": {},
    "refer_department": {},
    "supervise": V_LEADERS,
    "take_over": V_LEADERS,
    "request_delay": {u: {"rectifying"} for u in ("aux_a", "officer_a", "leader", "commander")},
    "decide_delay": V_LEADERS,
    "transition:pass": {u: {"scheduled"} for u in V_INSPECTORS},
    "transition:notice": {u: V_OPEN for u in V_INSPECTORS},
    "transition:notice_fire": {u: {"scheduled"} for u in V_INSPECTORS},
    "transition:notice_housing": {u: {"scheduled"} for u in V_INSPECTORS},
    "transition:reinspect": {u: {"rectifying"} for u in V_INSPECTORS},
    "transition:lapse": {},  # the deadline sweep's alone
}
# --- venue incidents: reported (by the venue), acknowledged, closed ------------------------------
I_ALL = {"reported", "acknowledged", "closed"}
I_OPEN = {"reported", "acknowledged"}
I_POLICE = ("aux_a", "officer_a", "leader", "commander")
INCIDENT: dict[str, Expect] = {
    "update": {u: I_OPEN for u in I_POLICE},
    "comment": {u: I_OPEN for u in V_FIELD_AND_LEADERS},
    "assign": {"leader": I_OPEN, "commander": I_OPEN},
    "refer_person": {},
    "refer_department": {},
    "supervise": {"leader": I_OPEN, "commander": I_OPEN},
    "take_over": {"leader": I_OPEN, "commander": I_OPEN},
    "request_delay": {},
    "decide_delay": {},
    "transition:acknowledge": {u: {"reported"} for u in I_POLICE},
    "transition:close": {u: I_OPEN for u in I_POLICE},
}
# --- return visits (incidents): due, then visited or unreachable ------------------------------------
R_ALL = {"due", "visited", "unreachable"}
R_LEADERS: Expect = {"leader": {"due"}, "commander": {"due"}}
R_VISITORS: Expect = {"aux_a": {"due"}, "officer_a": {"due"}}
RETURN_VISIT: dict[str, Expect] = {
    "update": R_LEADERS | R_VISITORS,
    "comment": {u: R_ALL for u in ("grid_a1", "aux_a", "officer_a", "leader", "commander")},
    "assign": R_LEADERS,
    "refer_person": {},
    "refer_department": {},
    "supervise": R_LEADERS,
    "take_over": R_LEADERS,
    "request_delay": R_VISITORS,
    "decide_delay": R_LEADERS,
    "transition:visit": R_VISITORS,
    "transition:unreachable": R_VISITORS,
}
# --- hazards: found, notified (rectifying), rectified, re-checked closed, handed over --------------
H_ALL = {"found", "notified", "rectified", "closed", "handed_over"}
H_OPEN = {"found", "notified", "rectified"}
H_FINDERS = ("grid_a1", "aux_a", "officer_a", "leader")
H_CHECKERS = ("aux_a", "officer_a", "leader")
H_LEADERS: Expect = {"leader": H_OPEN, "commander": H_OPEN}
HAZARD: dict[str, Expect] = {
    "update": {u: H_OPEN for u in ("aux_a", "officer_a", "leader", "commander")},
    "comment": {u: H_OPEN for u in ("grid_a1", "aux_a", "officer_a", "leader", "commander")},
    "assign": H_LEADERS,
    "refer_person": {},
    "refer_department": {},
    "supervise": H_LEADERS,
    "take_over": H_LEADERS,
    "request_delay": {},
    "decide_delay": {},
    "transition:notify": {u: {"found"} for u in H_FINDERS},
    "transition:rectify": {u: {"notified"} for u in H_FINDERS},
    "transition:recheck": {u: {"rectified"} for u in H_CHECKERS},
    "transition:recheck_failed": {u: {"rectified"} for u in H_CHECKERS},
    # A serious hazard goes to a department by the officer or the station leader only.
    "transition:hand_over": {"officer_a": H_OPEN, "leader": H_OPEN},
    "transition:lapse": {},  # the hazards sweep's alone
}

# --- residents' tips: new, handling, routed, reopened (by the resident), solved, unsolved, not ours --
T_ALL = {"new", "handling", "routed", "reopened", "solved", "unsolved", "not_ours"}
T_OPEN = {"new", "handling", "routed", "reopened"}
T_POLICE = ("aux_a", "officer_a", "leader")
T_LEADERS: Expect = {"leader": T_OPEN, "commander": T_OPEN}
TIP: dict[str, Expect] = {
    "update": {},  # the resident's words stay as they were sent
    "comment": {u: T_OPEN for u in ("grid_a1", "aux_a", "officer_a", "leader", "commander")},
    "assign": T_LEADERS,
    "refer_person": {},
    "refer_department": {},  # routing to a department is the `route` step (a work order)
    "supervise": T_LEADERS,
    "take_over": T_LEADERS,
    "request_delay": {},
    "decide_delay": {},
    # The police take it on, route it, close it with the answer; grid workers and the bureau do not.
    "transition:take": {u: {"new", "reopened"} for u in T_POLICE},
    "transition:route": {u: {"new", "handling", "reopened"} for u in T_POLICE},
    "transition:solve": {u: {"handling", "routed", "reopened"} for u in T_POLICE},
    "transition:unsolved": {u: {"handling", "routed", "reopened"} for u in T_POLICE},
    "transition:not_ours": {u: {"new", "handling", "reopened"} for u in T_POLICE},
    "transition:reopen": {},  # the resident's, from the portal only
}

# --- residents' correction requests (portal): submitted, then corrected or refused ------------------
G_ALL = {"submitted", "corrected", "refused"}
G_LEADERS: Expect = {"leader": {"submitted"}, "commander": {"submitted"}}
G_ANSWERING: Expect = {"officer_a": {"submitted"}, "leader": {"submitted"}}
CORRECTION: dict[str, Expect] = {
    "update": {},  # the resident's request is theirs: no generic edit
    "comment": {u: G_ALL for u in ("grid_a1", "aux_a", "officer_a", "leader", "commander")},
    "assign": G_LEADERS,
    "refer_person": {},
    "refer_department": {},
    "supervise": G_LEADERS,
    "take_over": G_LEADERS,
    "request_delay": {"officer_a": {"submitted"}},
    "decide_delay": G_LEADERS,
    "transition:correct": G_ANSWERING,
    "transition:refuse": G_ANSWERING,
}

# --- fraud dissuasion: received, signed, contacted, visiting, then closed or transferred ---------------
Q_OPEN = {"received", "signed", "contacted", "visiting"}
Q_ALL = Q_OPEN | {"closed", "transferred"}
Q_LEADERS: Expect = {"leader": Q_OPEN, "commander": Q_OPEN}
Q_HANDLERS = ("aux_a", "officer_a", "leader")
DISSUASION: dict[str, Expect] = {
    "update": {},
    "comment": {u: Q_OPEN for u in ("grid_a1", "aux_a", "officer_a", "leader", "commander")},
    "assign": Q_LEADERS,
    "refer_person": {},
    "refer_department": {},
    "supervise": Q_LEADERS,
    "take_over": Q_LEADERS,
    "request_delay": {},
    "decide_delay": {},
    "transition:sign": {u: {"received"} for u in Q_HANDLERS},
    "transition:contact": {u: {"received", "signed", "contacted"} for u in Q_HANDLERS},
    "transition:dispatch": {u: {"signed", "contacted"} for u in Q_HANDLERS},
    "transition:finish": {u: {"contacted", "visiting"} for u in Q_HANDLERS},
    "transition:transfer": {u: {"received", "signed", "contacted"} for u in Q_HANDLERS},
}

TYPES: dict[str, tuple[Callable[[World], Case], dict[str, Expect], set[str], set[str]]] = {
    # kind: (make the case, expectations, every state, users who cannot reach the case at all)
    "dispute": (dispute_case, DISPUTE, D_ALL, {"dept"}),
    "workorder": (workorder_case, WORKORDER, W_ALL, {"mediator"}),
    "focus.followup": (followup_case, FOLLOWUP, F_ALL, {"mediator", "dept"}),
    "focus.search": (search_case, SEARCH, S_OPEN | {"found"}, {"mediator", "dept"}),
    "venues.inspection": (inspection_case, INSPECTION, V_ALL, {"mediator", "dept"}),
    "venues.incident": (incident_case, INCIDENT, I_ALL, {"mediator", "dept"}),
    "incidents.return_visit": (return_visit_case, RETURN_VISIT, R_ALL, {"mediator", "dept"}),
    "tips.tip": (tip_case, TIP, T_ALL, {"mediator", "dept"}),
    "portal.correction": (correction_case, CORRECTION, G_ALL, {"mediator", "dept"}),
    "antifraud.dissuasion": (dissuasion_case, DISSUASION, Q_ALL, {"mediator", "dept"}),
    "hazards.hazard": (hazard_case, HAZARD, H_ALL, {"mediator", "dept"}),
}
# What the case pages offer as a button: generic actions with a form, and every transition.
PAGE_ACTIONS = {*BUTTONS, *(f"transition:{t.name}" for kind in TYPES for t in case_type(kind).transitions)}
CELLS = [(kind, action) for kind, (_, table, _s, _u) in TYPES.items() for action in table]


def test_every_generic_action_of_every_type_is_in_the_table() -> None:
    from jingwang.casework.workflow import GENERIC_ACTIONS

    # Every declared type but the engine's own test type is in the tables (a new type must be added).
    assert set(TYPES) == {t.code for t in case_types()} - {"sample"}
    for kind, (_, table, states, _u) in TYPES.items():
        ct = case_type(kind)
        assert set(ct.states) == states
        assert set(table) == set(GENERIC_ACTIONS) | {f"transition:{t.name}" for t in ct.transitions}


def _attempt(world: World, case: Case, action: str, user: Any, other_dept: Any, mediator2: Any) -> Callable[[], Any]:
    by = world.users[user]
    if action.startswith("transition:"):
        name = action.split(":", 1)[1]
        return lambda: services.case_transition(
            by=by, case_id=case.pk, transition=name, note="说明情况", payload=_payload(world, case.kind, name)
        )
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


def _clients(world: World) -> tuple[dict[str, Client], dict[str, APIClient]]:
    pages, apis = {}, {}
    for user in ROLES:
        pages[user] = Client()
        sign_in(pages[user], world.users[user])
        apis[user] = APIClient()
        apis[user].force_authenticate(world.users[user])
    return pages, apis


@pytest.mark.parametrize("kind", list(TYPES))
def test_every_transition_endpoint_and_page_button_obey_the_case_type(world: World, kind: str) -> None:
    """On the case's own page every button (generic actions and transitions) is shown exactly where
    the table allows it, and POST /api/v1/cases/{id}/{transition}/ answers the same, for every
    state and role; a refused POST changes nothing."""
    make, table, states, unreachable = TYPES[kind]
    case = make(world)
    pages, apis = _clients(world)
    wrong: list[str] = []
    for state in sorted(states):
        case = _put_in_state(case, state)
        for user in ROLES:
            expected = {a for a, who in table.items() if state in who.get(user, set()) and a in PAGE_ACTIONS}
            # The generic case page, and the type's own page where the type's scope shows it.
            for url in dict.fromkeys([f"/cases/{case.pk}/", case_url(case)]):
                page = pages[user].get(url)
                if page.status_code in (403, 404) and (user in unreachable or url != f"/cases/{case.pk}/"):
                    continue  # the type's own page may be closed to a role that works on the case
                shown = _offered(page.content.decode())
                if user in unreachable or shown != expected:
                    wrong.append(f"{user} in {state}: {url} shows {sorted(shown)}, the table allows {sorted(expected)}")
            for move in case_type(kind).transitions:
                cell = table[f"transition:{move.name}"]
                path = "transition" if move.name in RESERVED else move.name
                with transaction.atomic():
                    before = _snapshot(case)
                    given = _payload(world, kind, move.name)
                    body = {
                        "note": "说明情况",
                        "transition": move.name,
                        **{k: v.pk if hasattr(v, "pk") else v for k, v in given.items()},
                    }
                    answer = apis[user].post(f"/api/v1/cases/{case.pk}/{path}/", body, format="json")
                    want = (
                        200
                        if state in cell.get(user, set())
                        else 409
                        if cell.get(user)
                        else 404
                        if user in unreachable
                        else 403
                    )
                    if answer.status_code != want:
                        wrong.append(f"{user} in {state}: {move.name} answered {answer.status_code}, not {want}")
                    if want != 200 and _snapshot(case) != before:
                        wrong.append(f"{user} in {state}: a refused {move.name} changed something")
                    transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


def _generic_write(world: World, api: APIClient, case: Case, action: str, other_dept: Any, mediator2: Any) -> Any:
    url = f"/api/v1/cases/{case.pk}/"
    if action == "update":  # a type without an update rule: any field
        action = "update:title"
    if action.startswith("update:"):
        field = action.split(":", 1)[1]
        value = {"title": "改过的标题", "description": "改过的描述", "level": "major", "urgency": "urgent"}[field]
        return api.patch(url, {field: value}, format="json", HTTP_IF_MATCH=f'"{case.version}"')
    route, body = {
        "comment": ("comment", {"text": "已电话联系"}),
        "assign": ("assign", {"assignee": world.officer_a.pk}),
        "refer_person": ("refer", {"handler_user": mediator2.pk}),
        "refer_department": ("refer", {"handler_department": other_dept.pk}),
        "supervise": ("supervise", {"text": "三日内办结"}),
        "take_over": ("take-over", {}),
        "request_delay": ("request-delay", {"hours": 24, "reason": "等鉴定"}),
        "decide_delay": ("delays/{pending}/decide", {"approve": True}),
    }[action]
    if "{pending}" in route:  # made before the snapshot, like the services' matrix does
        route = route.format(pending=DelayRequest.objects.get(case=case, status="pending").pk)
    return api.post(f"{url}{route}/", body, format="json")


@pytest.mark.parametrize("kind", list(TYPES))
def test_generic_writes_the_case_type_forbids_are_refused_and_change_nothing(world: World, kind: str) -> None:
    """What a type switches off (actions without a rule, its own writes, fields the generic update may
    not write) is refused on the generic routes for every role, and nothing changes."""
    ct = case_type(kind)
    case = TYPES[kind][0](world)
    other_dept, mediator2 = departments(world)[1], second_mediator(world)
    forbidden = sorted(
        {a for a in GENERIC_ACTIONS if not ct.rules(a) or a in ct.own_writes}
        | {f"update:{f}" for f in UPDATE_FIELDS if f not in ct.update_fields}
    )
    assert forbidden, f"{kind} switches nothing off"
    _, apis = _clients(world)
    wrong = []
    for action in forbidden:
        for user in ROLES:
            with transaction.atomic():
                if action == "decide_delay":
                    _pending(world, case)
                before = _snapshot(case)
                answer = _generic_write(world, apis[user], case, action, other_dept, mediator2)
                after = _snapshot(case)
                if answer.status_code not in (403, 404, 409) or after != before:
                    changed = sorted(k for k in before if before[k] != after[k])
                    wrong.append(f"{user}: {action} answered {answer.status_code}, changed {changed}")
                transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)
