"""The return-visit case type (回访): a preventable crime against a household opens one for the
community officer of the district; the officer visits and records a short checklist (prevention
advice given; a hazard found → a work order to the department). The deadline is policy data
(DeadlinePolicy rows for this kind, seeded at 5 days yellow, 7 days red); the casework sweep warns
and escalates."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingwang.casework.models import Case, Department
from jingwang.casework.moves import NoteInput
from jingwang.casework.workflow import CaseType, Rule, Transition, register
from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES
from jingwang.incidents.followups.models import RETURN_VISIT, ReturnVisit
from jingwang.incidents.followups.services import hazard_raise

VISITORS = {"community_officer", "auxiliary_officer"}
STATES = {"due": _("Return visit due"), "visited": _("Visited"), "unreachable": _("Could not be reached")}


class ChecklistInput(NoteInput):
    """The return visit's checklist: advice given, and a hazard found goes to a department."""

    advice_given = serializers.BooleanField(required=False, default=False)
    hazard_found = serializers.BooleanField(required=False, default=False)
    hazard_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("hazard_found"):
            errors: dict[str, list[Any]] = {}
            if not str(attrs.get("hazard_note") or "").strip():
                errors["hazard_note"] = [_("Describe the hazard.")]
            if attrs.get("department") is None:
                errors["department"] = [_("Choose the department that removes the hazard.")]
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


def _record(case: Case, actor: Any, data: dict[str, Any]) -> None:
    """Keep the checklist on the return visit; a hazard becomes a work order in the same move."""
    visit = ReturnVisit.objects.select_for_update().get(case_id=case.pk)
    visit.advice_given = bool(data.get("advice_given"))
    visit.hazard_found = bool(data.get("hazard_found"))
    visit.hazard_note = str(data.get("hazard_note") or "").strip()
    visit.visited_at, visit.visited_by = timezone.now(), actor
    if visit.hazard_found:
        visit.workorder_case = hazard_raise(visit=visit, by=actor, department=data["department"])
    visit.save()


def _url(case: Case) -> str:
    visit = ReturnVisit.objects.filter(case_id=case.pk).only("pk").first()
    return visit.get_absolute_url() if visit is not None else case.get_absolute_url()


T = Transition
RETURN_VISIT_TYPE = register(
    CaseType(
        code=RETURN_VISIT,
        prefix="HF",  # 回访
        label=_("Return visit after a preventable crime"),
        states=STATES,
        initial="due",
        closed_states={"visited", "unreachable"},
        stages={"due": "return_visit"},
        transitions=[
            T("visit", _("Record the visit"), sources={"due"}, target="visited", roles=VISITORS,
              input=ChecklistInput, effect=_record),
            T("unreachable", _("Could not reach the household"), sources={"due"}, target="unreachable",
              roles=VISITORS, note_required=True, danger=True),
        ],
        open_roles=VISITORS,
        actions=[
            Rule("update", roles=VISITORS | LEADER_ROLES, states={"due"}),  # the title only
            Rule("comment", roles=FIELD_ROLES | LEADER_ROLES, states=set(STATES)),
            Rule("assign", roles=LEADER_ROLES),
            Rule("supervise", roles=LEADER_ROLES),
            Rule("take_over", roles=LEADER_ROLES),
            Rule("request_delay", roles=VISITORS, states={"due"}),
            Rule("decide_delay", roles=LEADER_ROLES, states={"due"}),
        ],
        update_fields=("title",),
        url=_url,
    )
)  # fmt: skip
