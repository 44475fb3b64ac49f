"""The hazard case type (安全隐患) on the casework engine.

found → notified (the responsible party told, with a deadline: the rectifying stage's red
deadline, so the engine warns at yellow and escalates at red) → rectified (with evidence) →
re-checked: closed, or not yet (notified again). A serious hazard is handed over by hand; a
rectification left past its deadline is lapsed by the hazards sweep. Both raise one work order to
the fire service, the housing department or the subdistrict (services.hazard_hand_over)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingwang.casework.models import Case
from jingwang.casework.moves import NoteInput, NoteWithFilesInput
from jingwang.casework.workflow import CaseType, Rule, Transition, register
from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, POLICE_ROLES
from jingwang.hazards.models import HAZARD, HandOverTo, Hazard, Responsible

FINDERS = {"community_officer", "auxiliary_officer", "grid_worker", "station_leader"}
CHECKERS = {"community_officer", "auxiliary_officer", "station_leader"}
HANDERS = {"community_officer", "station_leader"}
FOUND, NOTIFIED, RECTIFIED = "found", "notified", "rectified"
RECTIFYING = "rectifying"  # the deadline stage of the notified state


def _never_by_hand(case: Case, user: Any) -> bool:
    return False


def _deadline(case: Case, stage: str) -> tuple[float, float, float] | None:
    """The rectifying stage lasts the hazard's rectification period: yellow at two thirds, red at
    the deadline, the bureau a day after."""
    if stage != RECTIFYING:
        return None
    days = Hazard.objects.filter(case_id=case.pk).values_list("rectification_days", flat=True).first()
    if days is None:
        return None
    return days * 24 * 2 / 3, days * 24.0, 24.0


class NotifyInput(NoteInput):
    """Who must rectify, and in how many days (the category's period when left out)."""

    responsible_kind = serializers.ChoiceField(choices=Responsible.choices, label=_("Responsible party"))
    responsible_name = serializers.CharField(max_length=100, label=_("Responsible party's name"))
    days = serializers.IntegerField(
        min_value=1, max_value=90, required=False, allow_null=True, default=None, label=_("Days to rectify")
    )


class HandOverInput(NoteInput):
    """Where a serious hazard goes (the category's department when left out)."""

    to = serializers.ChoiceField(
        choices=[("", _("As the category says")), *HandOverTo.choices],
        required=False,
        allow_blank=True,
        default="",
        label=_("Hand over to"),
    )


def _notified(case: Case, actor: Any, data: dict[str, Any]) -> None:
    from jingwang.hazards.services import hazard_notified

    hazard_notified(case=case, data=data)


def _handed(case: Case, actor: Any, data: dict[str, Any]) -> None:
    from jingwang.hazards.services import hazard_hand_over

    hazard_hand_over(case=case, to=data.get("to") or "", note=data.get("note", ""))


def _url(case: Case) -> str:
    found = Hazard.objects.filter(case_id=case.pk).only("pk").first()
    return found.get_absolute_url() if found is not None else case.get_absolute_url()


T = Transition
STATES = {
    FOUND: _("Found"),
    NOTIFIED: _("Notified: rectifying"),
    RECTIFIED: _("Rectified: to re-check"),
    "closed": _("Re-checked: closed"),
    "handed_over": _("Handed over"),
}
register(
    CaseType(
        code=HAZARD,
        prefix="YH",  # 隐患
        label=_("Safety hazard"),
        states=STATES,
        initial=FOUND,
        closed_states={"closed", "handed_over"},
        path=(FOUND, NOTIFIED, RECTIFIED, "closed"),
        transitions=[
            T("notify", _("Tell the responsible party"), sources={FOUND}, target=NOTIFIED, roles=FINDERS,
              input=NotifyInput, effect=_notified),
            T("rectify", _("Record the rectification"), sources={NOTIFIED}, target=RECTIFIED, roles=FINDERS,
              note_required=True, input=NoteWithFilesInput),
            T("recheck", _("Re-checked: close"), sources={RECTIFIED}, target="closed", roles=CHECKERS),
            T("recheck_failed", _("Re-checked: not rectified"), sources={RECTIFIED}, target=NOTIFIED,
              roles=CHECKERS, note_required=True, danger=True),
            T("hand_over", _("Serious: hand over"), sources={FOUND, NOTIFIED, RECTIFIED}, target="handed_over",
              roles=HANDERS, note_required=True, danger=True, input=HandOverInput, effect=_handed),
            T("lapse", _("Rectification overdue: hand over"), sources={NOTIFIED}, target="handed_over",
              allowed=_never_by_hand, refusal=_("The hazards sweep hands over an overdue rectification."),
              effect=_handed),
        ],
        open_roles=FINDERS,
        stages={NOTIFIED: RECTIFYING},
        actions=[
            Rule("update", roles=POLICE_ROLES, states={FOUND, NOTIFIED, RECTIFIED}),
            Rule("comment", roles=FIELD_ROLES | LEADER_ROLES, states={FOUND, NOTIFIED, RECTIFIED}),
            Rule("assign", roles=LEADER_ROLES, states={FOUND, NOTIFIED, RECTIFIED}),
            Rule("supervise", roles=LEADER_ROLES, states={FOUND, NOTIFIED, RECTIFIED}),
            Rule("take_over", roles=LEADER_ROLES, states={FOUND, NOTIFIED, RECTIFIED}),
        ],
        deadline_hook=_deadline,
        url=_url,
        update_fields=("title", "description"),
    )
)  # fmt: skip
