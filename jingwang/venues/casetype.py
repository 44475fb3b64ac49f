"""The venues' case types on the casework engine.

Inspection (检查): scheduled → passed (closed), or findings → a rectification notice with the
trade's deadline (rectifying) → re-inspection: rectified (closed) or still not (a new notice).
A rectification left past its deadline is lapsed by the venues sweep (overdue, closed): a
targeted inspection follows, and for a serious hazard a work order to the fire service or the
housing department. The notice's deadline is the rectifying stage's red deadline, so the
engine warns and escalates it like any other.

Incident (涉稳涉安涉外): reported by the venue → acknowledged by the police → closed."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingwang.casework.models import Case
from jingwang.casework.moves import CaseItemsField, NoteInput
from jingwang.casework.workflow import CaseType, Rule, Transition, register
from jingwang.core.errors import ServiceError
from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, POLICE_ROLES
from jingwang.venues.inspections import inspection_entered
from jingwang.venues.models import INCIDENT, INSPECTION, HazardKind, Inspection, InspectionKind

INSPECTORS = {"community_officer", "auxiliary_officer", "station_leader"}
TARGETED_DAYS = 3  # a targeted inspection is due within three days (local default)
SCHEDULED, RECTIFYING = "scheduled", "rectifying"


def _never_by_hand(case: Case, user: Any) -> bool:
    return False


def _inspection_deadline(case: Case, stage: str) -> tuple[float, float, float] | None:
    """Scheduled: within the grade's interval (targeted: three days); rectifying: the trade's
    rectification period. Yellow at two thirds; the bureau a day after red."""
    found = Inspection.objects.filter(case_id=case.pk).select_related("venue__trade").first()
    if found is None:  # while the case is being opened; the service recomputes after
        return None
    if stage == SCHEDULED:
        days = float(
            found.venue.inspection_days
            if found.kind in (InspectionKind.RANDOM, InspectionKind.ROUTINE)
            else TARGETED_DAYS
        )
    elif stage == RECTIFYING:
        days = float(found.venue.trade.rectification_days)
    else:
        return None
    return days * 24 * 2 / 3, days * 24, 24.0


HAZARD_OF = {"notice_fire": HazardKind.FIRE, "notice_housing": HazardKind.HOUSING}


def _on_enter(case: Case, move: Transition, actor: Any, note: str) -> None:
    """Keep the inspection's rectification in step with its case, whichever page moved it."""
    inspection = Inspection.objects.select_for_update().get(case_id=case.pk)
    if case.state == RECTIFYING:
        inspection.rectify_by, inspection.findings = case.red_at, note
        if move.name in HAZARD_OF:
            inspection.hazard = HAZARD_OF[move.name]
    inspection.save(update_fields=["rectify_by", "hazard", "findings"])
    inspection_entered(inspection=inspection, move=move.name, actor=actor, note=note)


def _items(case: Case) -> list[str]:
    found = Inspection.objects.filter(case_id=case.pk).only("checklist").first()
    return [row["item"] for row in found.checklist] if found is not None else []


class ChecklistInput(NoteInput):
    """The trade's checklist ticked item by item with the move: the items found in order and
    those found wanting (by their text, as the inspection lists them); an item left out keeps
    what was recorded before."""

    shared_form = True  # the inspector's moves share one form: the ticks, a note, a button each
    checked = CaseItemsField(items=_items, label=_("In order"), max_length=100)
    failed = CaseItemsField(items=_items, label=_("Found wanting"), max_length=100)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        both = set(attrs.get("checked", [])) & set(attrs.get("failed", []))
        if both:
            raise serializers.ValidationError(
                {"failed": [_("An item cannot both pass and fail: %(items)s") % {"items": "、".join(sorted(both))}]}
            )
        return attrs


def _record_checklist(move: str) -> Any:
    """The effect of an inspector's move: keep the ticks with the inspection (who, when, which
    move). Passing with an item found wanting, or an item not on the checklist, is refused."""

    def effect(case: Case, actor: Any, data: dict[str, Any]) -> None:
        inspection = Inspection.objects.select_for_update().get(case_id=case.pk)
        checked, failed = set(data.get("checked", [])), set(data.get("failed", []))
        items = {row["item"] for row in inspection.checklist}
        unknown = (checked | failed) - items
        if unknown:
            raise ServiceError(
                "invalid",
                _("Some fields are invalid."),
                fields={
                    "checked": [
                        _("Not on this inspection's checklist: %(items)s") % {"items": "、".join(sorted(unknown))}
                    ]
                },
            )
        if move in ("pass", "reinspect") and failed:
            raise ServiceError(
                "invalid",
                _("An item found wanting needs a rectification notice."),
                fields={"failed": [_("Choose a rectification notice instead.")]},
            )
        if not checked and not failed:
            return
        at = timezone.now().isoformat()
        by = getattr(actor, "pk", None)
        for row in inspection.checklist:
            if row["item"] in checked or row["item"] in failed:
                row.update(ok=row["item"] in checked, at=at, by=by, move=move)
        inspection.save(update_fields=["checklist"])

    return effect


def _url(case: Case) -> str:
    found = Inspection.objects.filter(case_id=case.pk).only("pk").first()
    return found.get_absolute_url() if found is not None else case.get_absolute_url()


T = Transition
INSPECTION_STATES = {
    SCHEDULED: _("Scheduled"),
    RECTIFYING: _("Rectifying"),
    "passed": _("Passed"),
    "rectified": _("Rectified: closed"),
    "overdue": _("Rectification overdue: targeted inspection"),
}
FINDINGS = _("Write the findings and what must be rectified.")
register(
    CaseType(
        code=INSPECTION,
        prefix="XC",  # 巡查
        label=_("Venue inspection"),
        states=INSPECTION_STATES,
        initial=SCHEDULED,
        closed_states={"passed", "rectified", "overdue"},
        path=(SCHEDULED, RECTIFYING, "rectified"),
        transitions=[
            T("pass", _("No findings: passed"), sources={SCHEDULED}, target="passed", roles=INSPECTORS,
              input=ChecklistInput, effect=_record_checklist("pass")),
            T("notice", _("Findings: rectification notice"), sources={SCHEDULED, RECTIFYING}, target=RECTIFYING,
              roles=INSPECTORS, note_required=True, refusal=FINDINGS, input=ChecklistInput,
              effect=_record_checklist("notice")),
            T("notice_fire", _("Serious fire hazard: notice"), sources={SCHEDULED}, target=RECTIFYING,
              roles=INSPECTORS, note_required=True, danger=True, input=ChecklistInput,
              effect=_record_checklist("notice_fire")),
            T("notice_housing", _("Serious building hazard: notice"), sources={SCHEDULED}, target=RECTIFYING,
              roles=INSPECTORS, note_required=True, danger=True, input=ChecklistInput,
              effect=_record_checklist("notice_housing")),
            T("reinspect", _("Re-inspected: rectified"), sources={RECTIFYING}, target="rectified", roles=INSPECTORS,
              input=ChecklistInput, effect=_record_checklist("reinspect")),
            T("lapse", _("Rectification overdue"), sources={RECTIFYING}, target="overdue", allowed=_never_by_hand,
              refusal=_("The deadline sweep marks a rectification overdue.")),
        ],
        open_roles=INSPECTORS,
        stages={SCHEDULED: SCHEDULED, RECTIFYING: RECTIFYING},
        actions=[
            Rule("update", roles=POLICE_ROLES),
            Rule("comment", roles=FIELD_ROLES | LEADER_ROLES),
            Rule("assign", roles=LEADER_ROLES),
            Rule("supervise", roles=LEADER_ROLES),
            Rule("take_over", roles=LEADER_ROLES),
            Rule("request_delay", roles=POLICE_ROLES, states={RECTIFYING}),
            Rule("decide_delay", roles=LEADER_ROLES),
        ],
        deadline_hook=_inspection_deadline,
        on_enter=_on_enter,
        url=_url,
        update_fields=("title", "description"),
    )
)  # fmt: skip

register(
    CaseType(
        code=INCIDENT,
        prefix="SJ",  # 事件
        label=_("Venue incident report"),
        states={"reported": _("Reported"), "acknowledged": _("Acknowledged"), "closed": _("Closed")},
        initial="reported",
        closed_states={"closed"},
        path=("reported", "acknowledged", "closed"),
        stages={"reported": "response", "acknowledged": "handling"},
        transitions=[
            T("acknowledge", _("Acknowledge"), sources={"reported"}, target="acknowledged", roles=POLICE_ROLES),
            T("close", _("Handled: close"), sources={"reported", "acknowledged"}, target="closed", roles=POLICE_ROLES,
              note_required=True),
        ],
        open_roles=POLICE_ROLES,
        actions=[
            Rule("update", roles=POLICE_ROLES),
            Rule("comment", roles=FIELD_ROLES | LEADER_ROLES),
            Rule("assign", roles=LEADER_ROLES),
            Rule("supervise", roles=LEADER_ROLES),
            Rule("take_over", roles=LEADER_ROLES),
        ],
        update_fields=("title", "description"),
    )
)  # fmt: skip
