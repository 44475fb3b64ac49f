from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jingwang.patrols.models import CheckIn, Kind, Patrol, Raised


class CheckInSerializer(serializers.ModelSerializer[CheckIn]):
    by_name = serializers.CharField(source="by.display_name", read_only=True)

    class Meta:
        model = CheckIn
        fields = ["id", "patrol", "by", "by_name", "at", "lat", "lon", "seen"]


class RaisedSerializer(serializers.ModelSerializer[Raised]):
    number = serializers.CharField(source="case.number", read_only=True)

    class Meta:
        model = Raised
        fields = ["kind", "case", "number"]


class PatrolSerializer(serializers.ModelSerializer[Patrol]):
    area = serializers.CharField(source="area.code", read_only=True)
    area_kind = serializers.CharField(source="area.kind", read_only=True)
    members: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    raised = RaisedSerializer(many=True, read_only=True)

    class Meta:
        model = Patrol
        fields = [
            "id",
            "title",
            "kind",
            "status",
            "area",
            "area_kind",
            "route",
            "route_points",
            "members",
            "planned_start",
            "planned_end",
            "started_at",
            "ended_at",
            "raised",
        ]


class PatrolInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.PLANNED)
    area = serializers.CharField(max_length=60, help_text="grid:<code> or police_district:<code>")
    route = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    route_points = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        required=False,
        default=list,
        max_length=200,
    )
    members = serializers.ListField(child=serializers.IntegerField(), required=False, default=list, max_length=50)
    planned_start = serializers.DateTimeField(required=False, allow_null=True, default=None)
    planned_end = serializers.DateTimeField(required=False, allow_null=True, default=None)


class CheckInInput(serializers.Serializer[Any]):
    lat = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True, default=None)
    lon = serializers.DecimalField(max_digits=10, decimal_places=6, required=False, allow_null=True, default=None)
    seen = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
