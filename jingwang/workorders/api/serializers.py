from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingwang.casework.api.serializers import CaseAttachmentSerializer, CaseSerializer
from jingwang.casework.models import Case, Department, Urgency
from jingwang.territory.models import Node, NodeKind
from jingwang.workorders.models import SourceKind, WorkOrder


class WorkOrderSerializer(serializers.ModelSerializer[WorkOrder]):
    case = CaseSerializer(read_only=True)
    department = serializers.SerializerMethodField()
    source_case = serializers.CharField(source="source_case.number", default=None, allow_null=True, read_only=True)
    # The case's timeline and files, the one copy (selectors.workorder_list annotates these).
    report = serializers.CharField(read_only=True, allow_null=True)
    reported_at = serializers.DateTimeField(read_only=True, allow_null=True)
    confirmation_note = serializers.CharField(read_only=True, allow_null=True)
    confirmed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    reopen_count = serializers.IntegerField(read_only=True)
    evidence = CaseAttachmentSerializer(source="case.attachments", many=True, read_only=True)

    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "case",
            "source_kind",
            "source_case",
            "source_ref",
            "department",
            "location",
            "report",
            "reported_at",
            "confirmation_note",
            "confirmed_at",
            "reopen_count",
            "evidence",
        ]
        read_only_fields = fields

    def get_department(self, obj: WorkOrder) -> dict[str, Any]:
        return {"id": obj.department_id, "name": obj.department.name, "phone": obj.department.phone}


class RaiseSerializer(serializers.Serializer[Any]):
    """A whistle's input: the grid by its code, an active department, a source case by its number
    in the caller's scope (context["request"]); validated into workorder_raise's arguments."""

    grid = serializers.SlugRelatedField(slug_field="code", queryset=Node.objects.filter(kind=NodeKind.GRID))
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.filter(is_active=True))
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=4000)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    source_kind = serializers.ChoiceField(choices=SourceKind.choices, default=SourceKind.DIRECT)
    source_case = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    source_ref = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def validate_source_case(self, value: str) -> Case | None:
        if not value:
            return None
        case = Case.objects.restrict(self.context["request"].user).filter(number=value).first()
        if case is None:
            raise serializers.ValidationError(_("Unknown value."))
        return case
