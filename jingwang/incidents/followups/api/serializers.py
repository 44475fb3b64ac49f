"""API shapes of what follows from incidents (no personal data in any of them)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jingwang.casework.models import Department
from jingwang.disputes.models import DisputeKind
from jingwang.incidents.followups.models import Bulletin, CaseKind, IncidentCase, ReturnVisit


class IncidentCaseSerializer(serializers.ModelSerializer[IncidentCase]):
    incident_number = serializers.CharField(source="incident.number", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)
    case_state = serializers.CharField(source="case.state", read_only=True)

    class Meta:
        model = IncidentCase
        fields = ["id", "incident", "incident_number", "kind", "case", "case_number", "case_state", "created_at"]
        read_only_fields = fields


class IncidentCaseOpenSerializer(serializers.Serializer[Any]):
    incident = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    dispute_kind = serializers.ChoiceField(choices=DisputeKind.choices, required=False, default="")
    department = serializers.PrimaryKeyRelatedField(
        queryset=Department.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)


class ReturnVisitSerializer(serializers.ModelSerializer[ReturnVisit]):
    incident_number = serializers.CharField(source="incident.number", read_only=True)
    category = serializers.CharField(source="incident.category.name", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)
    state = serializers.CharField(source="case.state", read_only=True)
    red_at = serializers.DateTimeField(source="case.red_at", read_only=True)
    warning = serializers.IntegerField(source="case.warning", read_only=True)
    grid = serializers.CharField(source="case.grid.code", read_only=True)
    workorder_number = serializers.CharField(source="workorder_case.number", read_only=True, default=None)

    class Meta:
        model = ReturnVisit
        fields = [
            "id", "incident", "incident_number", "category", "case", "case_number", "state", "red_at", "warning",
            "grid", "advice_given", "hazard_found", "hazard_note", "workorder_number", "visited_at",
        ]  # fmt: skip
        read_only_fields = fields


class BulletinSerializer(serializers.ModelSerializer[Bulletin]):
    community = serializers.CharField(source="community.ref", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)

    class Meta:
        model = Bulletin
        fields = [
            "id", "community", "community_name", "period_start", "period_end", "title", "advice", "figures",
            "status", "published_at",
        ]  # fmt: skip
        read_only_fields = fields


class BulletinDraftSerializer(serializers.Serializer[Any]):
    community = serializers.CharField(help_text="kind:code of the community")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    advice = serializers.CharField(max_length=4000)


class FiguresQuerySerializer(serializers.Serializer[Any]):
    node = serializers.CharField(required=False, default="")
    start = serializers.DateField(required=False, allow_null=True, default=None)
    end = serializers.DateField(required=False, allow_null=True, default=None)
