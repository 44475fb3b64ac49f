"""The dispute case type: its stages and transitions, declared to the casework engine, which makes
every move (POST /api/v1/cases/{id}/{transition}/ and the buttons on the dispute's page), with
the input each declares (the officer, the mediator, the outcome, a note) and its `effect` on the
dispute (services/flow.py). The officer accepts (and names who handles it: the case's assignee),
refers to a mediator serving the grid (公调对接), who records the outcome or hands it back; the
officer holding it records the outcome of a dispute not referred; the officer closes after a
return visit, or reopens. A dispute is never referred to a department: departments receive work
orders. The generic update may correct the title only (it lives on the case).

Stage deadlines come from the engine's DeadlinePolicy rows for kind "dispute" when an
administrator has set any, else from DEFAULT_HOURS below."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingwang.casework.models import Case, DeadlinePolicy
from jingwang.casework.moves import CaseUserField, NoteInput
from jingwang.casework.workflow import CaseType, Rule, Transition, register
from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role
from jingwang.core.types import Actor
from jingwang.disputes.models import KIND, Dispute, Outcome, Status
from jingwang.disputes.services import flow

# (yellow, red, bureau escalation after red) hours per stage, for an ordinary dispute. A serious
# one (medium risk) gets 3/4 of these, a major one (high risk) half.
DEFAULT_HOURS: dict[str, tuple[float, float, float]] = {
    Status.REPORTED: (12, 24, 24),  # accept within a day
    Status.HANDLING: (5 * 24, 7 * 24, 48),  # mediate or refer within a week
    Status.REFERRED: (20 * 24, 30 * 24, 72),  # 人民调解法 §28: mediation within 30 days
    Status.RESOLVED: (10 * 24, 15 * 24, 72),  # return visit within 15 days
}
LEVEL_FACTOR = {"ordinary": 1.0, "serious": 0.75, "major": 0.5}


def _deadline_hours(case: Case, stage: str) -> tuple[float, float, float] | None:
    if DeadlinePolicy.objects.filter(kind=KIND).exists():
        return None  # an administrator's policy for disputes wins
    hours = DEFAULT_HOURS.get(stage)
    if hours is None:
        return None
    factor = LEVEL_FACTOR.get(case.level, 1.0)
    return hours[0] * factor, hours[1] * factor, hours[2]


def _on_enter(case: Case, transition: Transition, actor: Actor | None, note: str) -> None:
    """Keep the dispute's copy of the stage (the ledger's index) in step with the case."""
    Dispute.objects.filter(case=case).exclude(status=case.state).update(status=case.state)


def _handles_it(case: Case, user: Actor) -> bool:
    """The handling officer (the case's assignee) records the outcome of a dispute not referred."""
    return bool(case.assignee_id == user.pk)


def _referred_to_them(case: Case, user: Actor) -> bool:
    return bool(case.handler_user_id == user.pk)


def _url(case: Case) -> str:
    pk = Dispute.objects.filter(case=case).values_list("pk", flat=True).first()
    return reverse("disputes:detail", args=[pk]) if pk else case.get_absolute_url()


class AcceptInput(NoteInput):
    officer = CaseUserField(
        role=Role.COMMUNITY_OFFICER,
        required=False,
        allow_null=True,
        label=_("Handling officer"),
        empty_label=_("Myself"),
    )


class ReferInput(NoteInput):
    mediator = CaseUserField(role=Role.MEDIATOR, label=_("Mediator"))


class OutcomeInput(NoteInput):
    outcome = serializers.ChoiceField(choices=Outcome.choices, label=_("Outcome"))


HANDLERS = {Role.COMMUNITY_OFFICER, Role.STATION_LEADER}
EVERY_STATE = set(Status.values)
OPEN = {Status.REPORTED, Status.HANDLING, Status.REFERRED, Status.RESOLVED}
T = Transition
TRANSITIONS = [
    T("accept", _("Accept"), sources={Status.REPORTED}, target=Status.HANDLING, roles=HANDLERS,
      input=AcceptInput, effect=flow.accepted),
    T("refer_mediator", _("Refer to a mediator (公调对接)"), sources={Status.HANDLING}, target=Status.REFERRED,
      roles=HANDLERS, input=ReferInput, effect=flow.referred),
    T("hand_back", _("Hand back to the officer"), sources={Status.REFERRED}, target=Status.HANDLING,
      roles={Role.MEDIATOR}, note_required=True, allowed=_referred_to_them, danger=True, effect=flow.handed_back),
    # Whoever holds the dispute records its outcome: the handling officer, or the mediator it was
    # referred to (two moves, one per holder, so that each is refused elsewhere as a wrong state).
    T("resolve", _("Record the outcome"), sources={Status.HANDLING}, target=Status.RESOLVED,
      roles={Role.COMMUNITY_OFFICER}, allowed=_handles_it, refusal=_("The handling officer records the outcome."),
      input=OutcomeInput, effect=flow.resolved),
    T("mediated", _("Record the outcome"), sources={Status.REFERRED}, target=Status.RESOLVED,
      roles={Role.MEDIATOR}, allowed=_referred_to_them,
      refusal=_("The mediator it was referred to records the outcome."), input=OutcomeInput, effect=flow.resolved),
    T("close", _("Close the dispute"), sources={Status.RESOLVED}, target=Status.CLOSED, roles=HANDLERS,
      effect=flow.closed),
    T("reopen", _("Reopen"), sources={Status.RESOLVED}, target=Status.HANDLING, roles=HANDLERS,
      note_required=True, danger=True, effect=flow.reopened),
]  # fmt: skip
DISPUTE = register(
    CaseType(
        code=KIND,
        prefix="JF",
        label=_("Dispute"),
        states={s.value: s.label for s in Status},
        initial=Status.REPORTED,
        closed_states={Status.CLOSED},
        path=(Status.REPORTED, Status.HANDLING, Status.REFERRED, Status.RESOLVED, Status.CLOSED),
        transitions=TRANSITIONS,
        actions=[
            # Referring names a mediator serving the grid: the `refer` transition does it (this
            # rule lets the mediator reach the case by referral; the generic route refuses it).
            Rule("refer_person", roles=HANDLERS, states={Status.HANDLING}),
            # The title may be corrected anywhere (it lives on the case only); the summary and the
            # risk (which sets the case's level) are corrected on the dispute's own page.
            Rule("update", roles=HANDLERS, states={Status.REPORTED, Status.HANDLING, Status.REFERRED}),
            # No assign (accepting names the officer), no refer_department (never a department).
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
        own_writes={"refer_person"},
        own_refusal=_("Refer the dispute with its step “Refer to a mediator”."),
        update_fields=("title",),
        deadline_hook=_deadline_hours,
        on_enter=_on_enter,
        url=_url,
    )
)  # fmt: skip

__all__ = ["DISPUTE", "KIND"]
