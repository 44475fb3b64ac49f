"""The watch points API's shapes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jingwang.watchpoints.models import Report, ReportKind, WatchPoint


class WatchPointSerializer(serializers.ModelSerializer[WatchPoint]):
    grid = serializers.CharField(source="grid.code", read_only=True)
    keeper = serializers.CharField(source="keeper.display_name", default=None, allow_null=True, read_only=True)

    class Meta:
        model = WatchPoint
        fields = ["id", "name", "kind", "functions", "opening_hours", "address", "lon", "lat", "grid", "keeper"]
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer[Report]):
    class Meta:
        model = Report
        fields = ["id", "watch_point", "kind", "text", "reported_at", "handled_at"]
        read_only_fields = fields


class ReportInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    text = serializers.CharField(max_length=1000)
