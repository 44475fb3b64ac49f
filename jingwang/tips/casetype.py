"""The tip case type: new → handling → closed as solved, not solved or not a police matter; or
routed (a dispute, a work order … opened from it, `targets.py`) and then closed by the officer when
that case is done. The resident may reopen a closed tip for a while (settings.TIPS_REOPEN_DAYS),
through the portal only (`services.tip_reopen`): never a button on the staff pages.

The closing note is the answer the resident reads on the status page; every other note stays
inside the police."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingwang.casework.models import Case, Department
from jingwang.casework.moves import NoteInput
from jingwang.casework.workflow import CaseType, Rule, Transition, register
from jingwang.core.errors import ServiceError
from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES
from jingwang.tips.models import KIND, PublicStatus, Tip
from jingwang.tips.targets import routing_target, routing_targets

POLICE = {"community_officer", "auxiliary_officer", "station_leader"}
STATES = {
    "new": _("New"),
    "handling": _("Being handled"),
    "routed": _("Routed"),
    "reopened": _("Reopened by the resident"),
    "solved": _("Closed: solved"),
    "unsolved": _("Closed: not solved"),
    "not_ours": _("Closed: not a police matter"),
}
OPEN = {"new", "handling", "routed", "reopened"}
CLOSED = {"solved", "unsolved", "not_ours"}
PUBLIC = {
    "new": PublicStatus.RECEIVED,
    "handling": PublicStatus.HANDLING,
    "routed": PublicStatus.HANDLING,
    "reopened": PublicStatus.RECEIVED,
    "solved": PublicStatus.SOLVED,
    "unsolved": PublicStatus.UNSOLVED,
    "not_ours": PublicStatus.NOT_OURS,
}


def _never_by_hand(case: Case, user: Any) -> bool:
    return False


class RouteInput(NoteInput):
    """Where to route the tip, with what that target needs (a work order's department, a
    dispute's kind); the target's opening service checks the rest."""

    target = serializers.ChoiceField(choices=[], label=_("Route to"))
    department = serializers.ChoiceField(choices=[], required=False, label=_("Department (work order)"))
    dispute_kind = serializers.ChoiceField(choices=[], required=False, label=_("Dispute kind (dispute)"))
    hazard_category = serializers.ChoiceField(choices=[], required=False, label=_("Hazard category (hazard)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from jingwang.disputes.models import DisputeKind
        from jingwang.hazards.models import Category as HazardCategory

        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["target"].choices = [(t.code, str(t.label)) for t in routing_targets()]
        fields["department"].choices = list(Department.objects.filter(is_active=True).values_list("pk", "name"))
        fields["dispute_kind"].choices = DisputeKind.choices
        fields["hazard_category"].choices = list(
            HazardCategory.objects.filter(is_active=True).order_by("order", "code").values_list("code", "name")
        )


def _on_enter(case: Case, move: Transition, actor: Any, note: str) -> None:
    """Keep the tip's public status and answer in step with its case, whichever page moved it."""
    tip = Tip.objects.select_for_update().get(case_id=case.pk)
    tip.public_status = PUBLIC[case.state]
    fields = ["public_status", "updated_at", "closed_at"]
    if case.state in CLOSED:
        tip.closed_at = timezone.now()
        tip.public_reply = note
        fields.append("public_reply")
    else:
        tip.closed_at = None
    tip.save(update_fields=fields)


def _routed(case: Case, actor: Any, data: dict[str, Any]) -> None:
    target = routing_target(str(data.get("target") or ""))
    if target is None:
        raise ServiceError("invalid", _("Some fields are invalid."), fields={"target": [_("Unknown value.")]})
    tip = Tip.objects.select_for_update().get(case_id=case.pk)
    opened = target.open(tip, actor, data)
    tip.routed_kind, tip.routed_case = target.code, opened
    tip.save(update_fields=["routed_kind", "routed_case", "updated_at"])


def _url(case: Case) -> str:
    return case.get_absolute_url()


T = Transition
TIP = register(
    CaseType(
        code=KIND,
        prefix="XS",  # 线索
        label=_("Tip or help request from a resident"),
        states=STATES,
        initial="new",
        closed_states=CLOSED,
        stages={"new": "response", "reopened": "response", "handling": "handling", "routed": "handling"},
        path=("new", "handling", "solved"),
        transitions=[
            T("take", _("Take it on"), sources={"new", "reopened"}, target="handling", roles=POLICE),
            T("route", _("Route it"), sources={"new", "handling", "reopened"}, target="routed", roles=POLICE,
              input=RouteInput, effect=_routed),
            T("solve", _("Close: solved (answer the resident)"), sources={"handling", "routed", "reopened"},
              target="solved", roles=POLICE, note_required=True),
            T("unsolved", _("Close: not solved (answer the resident)"), sources={"handling", "routed", "reopened"},
              target="unsolved", roles=POLICE, note_required=True, danger=True),
            T("not_ours", _("Close: not a police matter (answer the resident)"),
              sources={"new", "handling", "reopened"}, target="not_ours", roles=POLICE, note_required=True,
              danger=True),
            T("reopen", _("Reopened by the resident"), sources=CLOSED, target="reopened", allowed=_never_by_hand,
              refusal=_("Only the resident reopens a tip, from the portal.")),
        ],
        open_roles=POLICE,
        actions=[
            Rule("comment", roles=FIELD_ROLES | LEADER_ROLES),
            Rule("assign", roles=LEADER_ROLES),
            Rule("supervise", roles=LEADER_ROLES),
            Rule("take_over", roles=LEADER_ROLES),
        ],
        own_writes=("reopen",),
        on_enter=_on_enter,
        url=_url,
    )
)  # fmt: skip
