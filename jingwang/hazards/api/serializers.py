from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingwang.casework.api.serializers import CaseAttachmentSerializer
from jingwang.hazards.models import Hazard


class HazardSerializer(serializers.ModelSerializer[Hazard]):
    number = serializers.CharField(source="case.number", read_only=True)
    state = serializers.CharField(source="case.state", read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    grid = serializers.CharField(source="case.grid.code", read_only=True)
    files = CaseAttachmentSerializer(source="case.attachments", many=True, read_only=True)

    class Meta:
        model = Hazard
        fields = [
            "id",
            "case",
            "number",
            "state",
            "category",
            "category_name",
            "serious",
            "grid",
            "house",
            "unit",
            "place",
            "lat",
            "lon",
            "responsible_kind",
            "responsible_name",
            "rectification_days",
            "rectify_by",
            "handed_over_at",
            "workorder",
            "files",
        ]


class HazardInput(serializers.Serializer[Any]):
    grid = serializers.CharField(max_length=20, label=_("Grid"))
    category = serializers.CharField(max_length=30, label=_("Category"))
    description = serializers.CharField(max_length=2000)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    serious = serializers.BooleanField(required=False, default=False)
    house = serializers.IntegerField(required=False, allow_null=True, default=None)
    unit = serializers.IntegerField(required=False, allow_null=True, default=None)
    lat = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True, default=None)
    lon = serializers.DecimalField(max_digits=10, decimal_places=6, required=False, allow_null=True, default=None)
