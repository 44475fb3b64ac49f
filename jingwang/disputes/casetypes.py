"""The dispute case type: the stages a dispute moves through, declared to the casework engine.

Transitions are made only by the dispute services (which also check what the engine cannot know:
the mediator serves the grid, an agreement is uploaded, a return visit was made): on the generic
case pages and routes they are not offered (declared `own_writes`), nor are the generic actions
those services take through the engine (accepting assigns the officer, referring names the
mediator). The generic update may correct the title only (it lives on the case). A dispute is
never referred to a department: departments receive work orders.

Stage deadlines come from the engine's DeadlinePolicy rows for kind "dispute" when an
administrator has set any, else from DEFAULT_HOURS below."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jingwang.casework.models import DeadlinePolicy
from jingwang.casework.workflow import CaseType, Rule, Transition, register
from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role
from jingwang.disputes.models import Dispute, Status

KIND = "dispute"

# (yellow, red, bureau escalation after red) hours per stage, for an ordinary dispute. A serious
# one (medium risk) gets 3/4 of these, a major one (high risk) half.
DEFAULT_HOURS: dict[str, tuple[float, float, float]] = {
    Status.REPORTED: (12, 24, 24),  # accept within a day
    Status.HANDLING: (5 * 24, 7 * 24, 48),  # mediate or refer within a week
    Status.REFERRED: (20 * 24, 30 * 24, 72),  # 人民调解法 §28: mediation within 30 days
    Status.RESOLVED: (10 * 24, 15 * 24, 72),  # return visit within 15 days
}
LEVEL_FACTOR = {"ordinary": 1.0, "serious": 0.75, "major": 0.5}


def _deadline_hours(case: Any, stage: str) -> tuple[float, float, float] | None:

    if DeadlinePolicy.objects.filter(kind=KIND).exists():
        return None  # an administrator's policy for disputes wins
    hours = DEFAULT_HOURS.get(stage)
    if hours is None:
        return None
    factor = LEVEL_FACTOR.get(case.level, 1.0)
    return hours[0] * factor, hours[1] * factor, hours[2]


def _on_enter(case: Any, transition: Transition, actor: Any, note: str) -> None:
    """Keep the dispute's copy of the stage in step with the case (in the same transaction)."""

    Dispute.objects.filter(case=case).exclude(status=case.state).update(status=case.state)


def _holds_it(case: Any, user: Any) -> bool:
    """Whoever holds the dispute records its outcome: the mediator it was referred to, else the
    handling officer (the case's assignee)."""
    return (case.handler_user_id if case.state == Status.REFERRED else case.assignee_id) == user.pk


def _referred_to_them(case: Any, user: Any) -> bool:
    return bool(case.handler_user_id == user.pk)


def _url(case: Any) -> str:
    from django.urls import reverse

    pk = Dispute.objects.filter(case=case).values_list("pk", flat=True).first()
    return reverse("disputes:detail", args=[pk]) if pk else case.get_absolute_url()


HANDLERS = {Role.COMMUNITY_OFFICER, Role.STATION_LEADER}
EVERY_STATE = set(Status.values)
OPEN = {Status.REPORTED, Status.HANDLING, Status.REFERRED, Status.RESOLVED}
ON_ITS_PAGE = _("This is done on the dispute's own page.")
T = Transition
TRANSITIONS = [
    T("accept", _("Accept"), sources={Status.REPORTED}, target=Status.HANDLING, roles=HANDLERS),
    T("refer", _("Refer to a mediator"), sources={Status.HANDLING}, target=Status.REFERRED, roles=HANDLERS),
    T("hand_back", _("Hand back to the officer"), sources={Status.REFERRED}, target=Status.HANDLING,
      roles={Role.MEDIATOR}, note_required=True, allowed=_referred_to_them),
    T("resolve", _("Record the outcome"), sources={Status.HANDLING, Status.REFERRED},
      target=Status.RESOLVED, roles={Role.MEDIATOR, Role.COMMUNITY_OFFICER}, allowed=_holds_it,
      refusal=_("The one holding the dispute records the outcome.")),
    T("close", _("Close"), sources={Status.RESOLVED}, target=Status.CLOSED, roles=HANDLERS),
    T("reopen", _("Reopen"), sources={Status.RESOLVED}, target=Status.HANDLING, roles=HANDLERS,
      note_required=True, danger=True),
]  # fmt: skip
DISPUTE = register(
    CaseType(
        code=KIND,
        prefix="JF",
        label=_("Dispute"),
        states={s.value: s.label for s in Status},
        initial=Status.REPORTED,
        closed_states={Status.CLOSED},
        transitions=TRANSITIONS,
        actions=[
            # Taken by the dispute services only: accepting assigns the officer, referring names a
            # mediator serving the grid (公调对接, from "handling"), a correction carries over.
            Rule("assign", roles=HANDLERS, states={Status.REPORTED}),
            Rule("refer_person", roles=HANDLERS, states={Status.HANDLING}),
            # The title may be corrected anywhere (it lives on the case only); the summary and the
            # risk (which sets the case's level) are corrected on the dispute's own page.
            Rule("update", roles=HANDLERS, states={Status.REPORTED, Status.HANDLING, Status.REFERRED}),
            # No refer_department: a dispute never goes to a department.
            Rule("comment", roles=FIELD_ROLES | LEADER_ROLES, states=EVERY_STATE),
            Rule("comment", roles={Role.MEDIATOR}, states={Status.REFERRED}),  # while it is with them
            Rule("supervise", roles=LEADER_ROLES, states=OPEN),
            Rule("take_over", roles=LEADER_ROLES, states=OPEN),
            # Who holds the stage asks for more time: the officer, or the mediator while mediating.
            Rule("request_delay", roles={Role.COMMUNITY_OFFICER}, states={Status.REPORTED, Status.HANDLING,
                                                                          Status.RESOLVED}),
            Rule("request_delay", roles={Role.MEDIATOR}, states={Status.REFERRED}),
            Rule("decide_delay", roles=LEADER_ROLES, states=EVERY_STATE),
        ],
        own_writes={"assign", "refer_person", *(t.name for t in TRANSITIONS)},
        own_refusal=ON_ITS_PAGE,
        update_fields=("title",),
        open_roles=(),
        deadline_hook=_deadline_hours,
        on_enter=_on_enter,
        url=_url,
    )
)  # fmt: skip
