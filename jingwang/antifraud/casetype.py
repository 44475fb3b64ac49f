"""Dissuasion (劝阻) as a case type on the casework engine.

received (待签收) → signed (签收) → contacted (a call or a text, answered or not) → visiting
(下派见面) → closed with an outcome code; or transferred (非本辖区: back to the station's duty
queue). The contact deadline runs from the warning until the first call or text; the visit
deadline from then until the outcome. Both are minutes per risk level (ContactDeadline rows, policy
data); the engine's sweep turns them yellow and red and escalates as for every case type."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingwang.antifraud import services
from jingwang.antifraud.models import PURPOSE, VISIT_CHECKLIST, ContactDeadline, Outcome, Risk, Warning
from jingwang.antifraud.services import KIND, RISK_OF_LEVEL
from jingwang.casework.models import Case
from jingwang.casework.moves import CaseItemsField, NoteInput
from jingwang.casework.workflow import CaseType, Rule, Transition, register
from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, POLICE_ROLES

HANDLERS = {"community_officer", "auxiliary_officer", "station_leader"}
CONTACT, VISIT = "contact", "visit"


def _deadline(case: Case, stage: str) -> tuple[float, float, float] | None:
    row = ContactDeadline.objects.filter(risk=RISK_OF_LEVEL.get(case.level, Risk.LOW)).first()
    if row is None or stage not in (CONTACT, VISIT):
        return None
    yellow, red = (
        (row.contact_yellow_minutes, row.contact_red_minutes)
        if stage == CONTACT
        else (row.visit_yellow_minutes, row.visit_red_minutes)
    )
    return yellow / 60, red / 60, row.bureau_minutes / 60


class ContactInput(NoteInput):
    """A call or a text message and what came of it."""

    method = serializers.ChoiceField(choices=[("phone", _("Phone call")), ("text", _("Text message"))], label=_("How"))
    result = serializers.ChoiceField(
        choices=[("answered", _("Answered")), (Outcome.NOT_REACHED, _("Not reached (未接通)"))], label=_("Result")
    )


FINAL = [(k, v) for k, v in Outcome.choices if k != Outcome.OUT_OF_AREA]


class OutcomeInput(NoteInput):
    """The outcome; for 已被骗 the amount and the time; at a visit, the checklist ticked."""

    outcome = serializers.ChoiceField(choices=FINAL, label=_("Outcome"))
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None,
        label=_("Amount lost (yuan)"),
    )  # fmt: skip
    defrauded_at = serializers.DateTimeField(required=False, allow_null=True, default=None, label=_("Defrauded at"))
    checked = CaseItemsField(items=lambda case: list(VISIT_CHECKLIST), label=_("Visit checklist"), max_length=20)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["outcome"] == Outcome.DEFRAUDED:
            missing = {
                f: [_("Give the amount and the time for a person already defrauded.")]
                for f in ("amount", "defrauded_at")
                if attrs.get(f) is None
            }
            if missing:
                raise serializers.ValidationError(missing)
        unknown = set(attrs.get("checked", [])) - set(VISIT_CHECKLIST)
        if unknown:
            raise serializers.ValidationError({"checked": [_("Not on the visit checklist.")]})
        return attrs


def _url(case: Case) -> str:
    found = Warning.objects.filter(case_id=case.pk).only("pk").first()
    return found.get_absolute_url() if found is not None else case.get_absolute_url()


T = Transition
register(
    CaseType(
        code=KIND,
        prefix="QZ",  # 劝阻
        label=_("Fraud dissuasion"),
        states={
            "received": _("Awaiting sign-off"),
            "signed": _("Signed for"),
            "contacted": _("Contacted"),
            "visiting": _("Face-to-face visit"),
            "closed": _("Closed with an outcome"),
            "transferred": _("Transferred: not our area"),
        },
        initial="received",
        closed_states={"closed", "transferred"},
        path=("received", "signed", "contacted", "visiting", "closed"),
        stages={"received": CONTACT, "signed": CONTACT, "contacted": VISIT, "visiting": VISIT},
        transitions=[
            T("sign", _("Sign for it (签收)"), sources={"received"}, target="signed", roles=HANDLERS),
            T("contact", _("Record a call or text"), sources={"received", "signed", "contacted"}, target="contacted",
              roles=HANDLERS, input=ContactInput, effect=services.record_contact),
            T("dispatch", _("Go face to face (下派见面)"), sources={"signed", "contacted"}, target="visiting",
              roles=HANDLERS),
            T("finish", _("Record the outcome"), sources={"contacted", "visiting"}, target="closed", roles=HANDLERS,
              input=OutcomeInput, effect=services.record_outcome),
            T("transfer", _("Not our area: transfer (非本辖区)"), sources={"received", "signed", "contacted"},
              target="transferred", roles=HANDLERS, note_required=True, danger=True, effect=services.record_transfer),
        ],
        open_roles=POLICE_ROLES,
        deadline_hook=_deadline,
        url=_url,
        actions=[
            Rule("comment", roles=FIELD_ROLES | LEADER_ROLES),
            Rule("assign", roles=LEADER_ROLES),
            Rule("supervise", roles=LEADER_ROLES),
            Rule("take_over", roles=LEADER_ROLES),
        ],
        update_fields=(),
        attachment_purpose=PURPOSE,
    )
)  # fmt: skip
