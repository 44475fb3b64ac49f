"""The work order case type: raised → accepted → in progress → reported → confirmed (closed),
or reported → reopened → in progress again; the receiving department returns (退回) an order that
is not its business (closed: the raiser is told and raises it to the right department). The
department's deadline covers accepting, acting and reporting (one stage, `handling`); the
raiser's confirmation has its own (policy) deadline.

The generic actions: the department is chosen when the order is raised (never re-referred, never
to a person); the raising side edits the text until the department accepts; the department
comments and asks for time only while the order is with it (the handling states); leaders
supervise, take over, assign and decide delays."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jingwang.casework.models import Case
from jingwang.casework.moves import NoteWithFilesInput
from jingwang.casework.workflow import CaseType, Rule, Transition, register
from jingwang.core.access import grants
from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES
from jingwang.workorders.models import KIND, WorkOrder
from jingwang.workorders.services import tell_raiser

DEPARTMENT = {"department_staff"}
HANDLING = "handling"
RAISERS = {"community_officer", "auxiliary_officer", "grid_worker", "police_assistant", "station_leader"}
STATES = {
    "raised": _("Raised"),
    "accepted": _("Accepted"),
    "in_progress": _("In progress"),
    "reported": _("Reported back"),
    "reopened": _("Reopened"),
    "confirmed": _("Confirmed"),
    "returned": _("Returned by the department"),
}
WITH_THE_DEPARTMENT = {"raised", "accepted", "in_progress", "reopened"}


def _raiser_or_leader(case: Case, user: Any) -> bool:
    """The raiser confirms or reopens; so may a leader over the grid (scope checked elsewhere)."""
    roles = {g.role for g in grants(user)}
    return case.opened_by_id == user.pk or bool(roles & {"station_leader", "bureau_commander", "community_officer"})


def _not_yet_referred(case: Case, user: Any) -> bool:
    """The department is set once, by the raise service, in the transaction that opens the case."""
    return case.handler_department_id is None


def _deadline(case: Case, stage: str) -> tuple[float, float, float] | None:
    """The department's own deadline for handling: red at its default hours, yellow at two thirds."""
    if stage != HANDLING:
        return None

    order = WorkOrder.objects.filter(case_id=case.pk).select_related("department").first()
    if order is None:  # while the case is being opened; the raise service recomputes after
        return None
    hours = float(order.department.default_deadline_hours)
    return hours * 2 / 3, hours, 24.0


def _reported(case: Case, actor: Any, data: dict[str, Any]) -> None:
    tell_raiser(case, kind="workorders.reported", title=_("The department reported back on your work order"))


def _returned(case: Case, actor: Any, data: dict[str, Any]) -> None:
    tell_raiser(case, kind="workorders.returned", title=_("The department returned your work order"))


def _url(case: Case) -> str:

    order = WorkOrder.objects.filter(case_id=case.pk).only("pk").first()
    return order.get_absolute_url() if order is not None else case.get_absolute_url()


T = Transition
WORKORDER = register(
    CaseType(
        code=KIND,
        prefix="CS",  # 吹哨
        label=_("Work order (吹哨报到)"),
        states=STATES,
        initial="raised",
        closed_states={"confirmed", "returned"},
        stages={**dict.fromkeys(WITH_THE_DEPARTMENT, HANDLING), "reported": "confirming"},
        path=("raised", "accepted", "in_progress", "reported", "confirmed"),
        transitions=[
            T("accept", _("Accept"), sources={"raised"}, target="accepted", roles=DEPARTMENT),
            T("start", _("Start work"), sources={"accepted", "reopened"}, target="in_progress", roles=DEPARTMENT),
            T("report", _("Report back"), sources={"accepted", "in_progress", "reopened"}, target="reported",
              roles=DEPARTMENT, note_required=True, input=NoteWithFilesInput, effect=_reported),
            T("return", _("Return: not ours"), sources={"raised", "accepted"}, target="returned", roles=DEPARTMENT,
              note_required=True, danger=True, effect=_returned),
            T("confirm", _("Confirm solved"), sources={"reported"}, target="confirmed", allowed=_raiser_or_leader),
            T("reopen", _("Not solved: reopen"), sources={"reported"}, target="reopened", allowed=_raiser_or_leader,
              note_required=True, danger=True),
        ],
        open_roles=RAISERS,
        actions=[
            Rule("refer_department", roles=RAISERS, states={"raised"}, allowed=_not_yet_referred,
                 refusal=_("The department is chosen when the work order is raised.")),
            Rule("update", roles=FIELD_ROLES | LEADER_ROLES, states={"raised"}),
            Rule("comment", roles=FIELD_ROLES | LEADER_ROLES, states=set(STATES)),
            Rule("comment", roles=DEPARTMENT, states=WITH_THE_DEPARTMENT),
            Rule("assign", roles=LEADER_ROLES),
            Rule("supervise", roles=LEADER_ROLES),
            Rule("take_over", roles=LEADER_ROLES),
            Rule("request_delay", roles=DEPARTMENT, states=WITH_THE_DEPARTMENT),
            Rule("request_delay", roles=FIELD_ROLES, states={"reported"}),  # the raiser's confirmation
            Rule("decide_delay", roles=LEADER_ROLES, states=set(STATES)),
        ],
        deadline_hook=_deadline,
        url=_url,
    )
)  # fmt: skip
