"""Casework serializers: cases (any type), timeline entries, delay requests, departments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from jingwang.api.fields import RecordIdField
from jingwang.casework import deadlines
from jingwang.casework.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    DeadlinePolicy,
    DelayRequest,
    Department,
    Level,
    Urgency,
)
from jingwang.casework.workflow import case_type


def _person(user: Any) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "name": user.display_name}


class CaseSerializer(serializers.ModelSerializer[Case]):
    grid = serializers.CharField(source="grid.code", read_only=True)
    grid_name = serializers.CharField(source="grid.name", read_only=True)
    state_label = serializers.SerializerMethodField()
    badge = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()
    leader = serializers.SerializerMethodField()
    handler_user = serializers.SerializerMethodField()
    handler_department = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "kind",
            "number",
            "title",
            "description",
            "state",
            "state_label",
            "stage",
            "level",
            "urgency",
            "grid",
            "grid_name",
            "assignee",
            "leader",
            "handler_user",
            "handler_department",
            "opened_at",
            "stage_started_at",
            "yellow_at",
            "red_at",
            "warning",
            "escalation",
            "badge",
            "closed_at",
            "version",
        ]
        read_only_fields = fields

    def get_state_label(self, obj: Case) -> str:
        try:
            return case_type(obj.kind).state_label(obj.state)
        except KeyError:
            return obj.state

    def get_badge(self, obj: Case) -> str:
        return deadlines.badge(obj, timezone.now())

    def get_assignee(self, obj: Case) -> dict[str, Any] | None:
        return _person(obj.assignee)

    def get_leader(self, obj: Case) -> dict[str, Any] | None:
        return _person(obj.leader)

    def get_handler_user(self, obj: Case) -> dict[str, Any] | None:
        return _person(obj.handler_user)

    def get_handler_department(self, obj: Case) -> dict[str, Any] | None:
        d = obj.handler_department
        return None if d is None else {"id": d.pk, "name": d.name}


class CaseAttachmentSerializer(serializers.ModelSerializer[CaseAttachment]):
    """A file kept with a case: `url` on the case page (session), `download` through the API."""

    url = serializers.SerializerMethodField()
    download = serializers.SerializerMethodField()

    class Meta:
        model = CaseAttachment
        fields = ["id", "stage", "stage_label", "name", "content_type", "size", "uploaded_at", "url", "download"]
        read_only_fields = fields

    def get_url(self, obj: CaseAttachment) -> str:
        return reverse("casework:attachment", args=[obj.case_id, obj.pk])

    def get_download(self, obj: CaseAttachment) -> str:
        return reverse("api:case-attachment", args=[obj.case_id, obj.pk])


class CaseDetailSerializer(CaseSerializer):
    """One case, with the files kept with it."""

    attachments = CaseAttachmentSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "attachments"]
        read_only_fields = fields


class CaseUpdateSerializer(serializers.Serializer[Any]):
    """What PATCH may write; any other field (state, kind, handler, grid, …) is a 400, never ignored."""

    title = serializers.CharField(required=False, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        sent = self.initial_data if isinstance(self.initial_data, Mapping) else {}
        unknown = sorted(set(sent) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({name: [_("This field cannot be written.")] for name in unknown})
        return attrs


class CaseEventSerializer(serializers.ModelSerializer[CaseEvent]):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = ["id", "at", "actor", "kind", "from_state", "to_state", "note", "data"]

    def get_actor(self, obj: CaseEvent) -> dict[str, Any] | None:
        return _person(obj.actor)


class TransitionSerializer(serializers.Serializer[Any]):
    transition = serializers.CharField(max_length=50)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class TextSerializer(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=4000)


class NoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class AssignSerializer(serializers.Serializer[Any]):
    assignee = RecordIdField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class ReferSerializer(serializers.Serializer[Any]):
    handler_user = RecordIdField(required=False, allow_null=True)
    handler_department = RecordIdField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class DelayRequestInSerializer(serializers.Serializer[Any]):
    hours = serializers.IntegerField(min_value=1, max_value=24 * 90)
    reason = serializers.CharField(max_length=4000)


class DelayDecisionSerializer(serializers.Serializer[Any]):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


class DelayRequestSerializer(serializers.ModelSerializer[DelayRequest]):
    requested_by = serializers.SerializerMethodField()

    class Meta:
        model = DelayRequest
        fields = [
            "id",
            "case",
            "stage",
            "hours",
            "reason",
            "requested_by",
            "requested_at",
            "status",
            "decided_at",
            "decision_note",
        ]

    def get_requested_by(self, obj: DelayRequest) -> dict[str, Any] | None:
        return _person(obj.requested_by)


class DepartmentSerializer(serializers.ModelSerializer[Department]):
    class Meta:
        model = Department
        fields = ["id", "name", "contact", "phone", "default_deadline_hours", "is_active", "version"]
        read_only_fields = ["id", "version"]


class DepartmentMembersSerializer(serializers.Serializer[Any]):
    usernames = serializers.ListField(child=serializers.CharField(max_length=150), allow_empty=True)


class DeadlinePolicySerializer(serializers.ModelSerializer[DeadlinePolicy]):
    class Meta:
        model = DeadlinePolicy
        fields = ["id", "kind", "stage", "level", "urgency", "yellow_hours", "red_hours", "bureau_hours", "version"]
        read_only_fields = ["id", "version"]
        validators: list[Any] = []  # uniqueness is the service's to check, with a readable message
