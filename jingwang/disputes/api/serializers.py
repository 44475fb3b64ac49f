"""Dispute serializers: phone numbers leave the server masked; writes go through the services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from jingwang.api.fields import RecordIdField
from jingwang.disputes.models import (
    Dispute,
    DisputeKind,
    IntakeSource,
    MediationSession,
    Party,
    PartyRole,
    ReturnVisit,
    Risk,
    Scale,
    ScreeningItem,
    ScreeningRound,
    VisitMethod,
)


class PartySerializer(serializers.ModelSerializer[Party]):
    phone = serializers.CharField(source="phone_masked", read_only=True)

    class Meta:
        model = Party
        fields = ["id", "role", "person", "name", "phone", "note"]


class SessionSerializer(serializers.ModelSerializer[MediationSession]):
    has_agreement = serializers.SerializerMethodField()
    recorded_by = serializers.CharField(source="recorded_by.display_name", read_only=True)

    class Meta:
        model = MediationSession
        fields = [
            "id",
            "held_at",
            "place",
            "participants",
            "notes",
            "has_agreement",
            "agreement_name",
            "agreement_sha256",
            "recorded_by",
            "recorded_at",
        ]

    def get_has_agreement(self, obj: MediationSession) -> bool:
        return bool(obj.agreement)


class VisitSerializer(serializers.ModelSerializer[ReturnVisit]):
    visited_by = serializers.CharField(source="visited_by.display_name", read_only=True)

    class Meta:
        model = ReturnVisit
        fields = ["id", "visited_at", "method", "holds", "satisfied", "notes", "visited_by"]


class DisputeSerializer(serializers.ModelSerializer[Dispute]):
    title = serializers.CharField(source="case.title", read_only=True)
    closed_at = serializers.DateTimeField(source="case.closed_at", read_only=True, allow_null=True)
    grid = serializers.CharField(source="grid.code", read_only=True)
    community = serializers.CharField(source="community.code", read_only=True)
    officer = serializers.IntegerField(source="case.assignee_id", read_only=True, allow_null=True)

    class Meta:
        model = Dispute
        fields = [
            "id",
            "case",
            "title",
            "summary",
            "source",
            "kind",
            "scale",
            "people_involved",
            "risk",
            "grid",
            "community",
            "address",
            "place",
            "opened_at",
            "status",
            "officer",
            "mediator",
            "outcome",
            "outcome_note",
            "resolved_at",
            "closed_at",
            "version",
        ]


class DisputeDetailSerializer(DisputeSerializer):
    parties = PartySerializer(many=True, read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)
    return_visits = VisitSerializer(many=True, read_only=True)

    class Meta(DisputeSerializer.Meta):
        fields = [*DisputeSerializer.Meta.fields, "parties", "sessions", "return_visits"]


class PartyInSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=PartyRole.choices, default=PartyRole.APPLICANT)
    person = RecordIdField(required=False, allow_null=True)
    name = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class DisputeCreateSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=120)
    summary = serializers.CharField(max_length=4000)
    source = serializers.ChoiceField(choices=IntakeSource.choices)  # type: ignore[assignment]
    kind = serializers.ChoiceField(choices=DisputeKind.choices)
    scale = serializers.ChoiceField(choices=Scale.choices, default=Scale.INDIVIDUAL)
    people_involved = serializers.IntegerField(min_value=1, max_value=100000, default=2)
    risk = serializers.ChoiceField(choices=Risk.choices, default=Risk.LOW)
    grid = serializers.CharField(required=False, allow_blank=True, default="")
    address = RecordIdField(required=False, allow_null=True)
    place = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    opened_at = serializers.DateTimeField(required=False, allow_null=True)
    parties = PartyInSerializer(many=True, required=False, default=list)


class DisputeUpdateSerializer(serializers.Serializer[Any]):
    """Free-form input checked by the service (which refuses fields it may not write)."""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": [_("Expected an object.")]})
        return dict(data)


class DisputeRevealSerializer(serializers.Serializer[Any]):
    purpose = serializers.CharField(max_length=255)


class SessionInSerializer(serializers.Serializer[Any]):
    held_at = serializers.DateTimeField()
    place = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    participants = serializers.CharField(max_length=2000)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=8000, default="")
    agreement = serializers.FileField(required=False, allow_null=True)


class VisitInSerializer(serializers.Serializer[Any]):
    visited_at = serializers.DateTimeField()
    method = serializers.ChoiceField(choices=VisitMethod.choices, default=VisitMethod.IN_PERSON)
    holds = serializers.BooleanField(default=True)
    satisfied = serializers.BooleanField(default=True)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class ScreeningItemSerializer(serializers.ModelSerializer[ScreeningItem]):
    done_by = serializers.SerializerMethodField()

    class Meta:
        model = ScreeningItem
        fields = ["id", "position", "code", "text", "done_at", "done_by", "finding", "dispute"]

    def get_done_by(self, obj: ScreeningItem) -> str | None:
        return obj.done_by.display_name if obj.done_by else None


class ScreeningRoundSerializer(serializers.ModelSerializer[ScreeningRound]):
    community = serializers.CharField(source="community.code", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)
    items = ScreeningItemSerializer(many=True, read_only=True)

    class Meta:
        model = ScreeningRound
        fields = ["id", "community", "community_name", "month", "completed_at", "items"]


class CheckSerializer(serializers.Serializer[Any]):
    finding = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    dispute = RecordIdField(required=False, allow_null=True)


class GenerateSerializer(serializers.Serializer[Any]):
    month = serializers.DateField(required=False, allow_null=True)
