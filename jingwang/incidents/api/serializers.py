"""Incidents in JSON: identifiers only in their masked forms."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jingwang.incidents.models import Incident

ROW_FIELDS = (
    "number", "occurred_at", "reported_at", "place", "lon", "lat", "category", "outcome", "summary",
    "caller_name", "caller_id_number", "caller_phone", "victim_name", "victim_id_number", "victim_phone",
)  # fmt: skip


class IncidentSerializer(serializers.ModelSerializer[Incident]):
    category_code = serializers.CharField(source="category.code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    kind = serializers.CharField(source="category.kind", read_only=True)
    preventable = serializers.BooleanField(source="category.preventable", read_only=True)
    non_police = serializers.BooleanField(source="category.non_police", read_only=True)
    grid_code = serializers.CharField(source="grid.code", read_only=True, default=None)
    grid_name = serializers.CharField(source="grid.name", read_only=True, default=None)
    address = serializers.CharField(source="address.canonical", read_only=True, default=None)

    class Meta:
        model = Incident
        fields = [
            "id", "number", "occurred_at", "reported_at", "place_text", "address", "house", "grid_code", "grid_name",
            "lon", "lat", "category_code", "category_name", "kind", "preventable", "non_police", "outcome",
            "outcome_note", "summary", "source", "caller_name", "caller_id_masked", "caller_phone_masked",
            "victim_name", "victim_id_masked", "victim_phone_masked", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class IncidentInSerializer(serializers.Serializer[dict[str, Any]]):
    """One incident as the dispatch system sends it; values are checked by `record_incidents`."""

    number = serializers.CharField(max_length=40)
    occurred_at = serializers.CharField(required=False, allow_blank=True)
    reported_at = serializers.CharField(required=False, allow_blank=True)
    place = serializers.CharField(required=False, allow_blank=True, max_length=300)
    lon = serializers.FloatField(required=False, allow_null=True)
    lat = serializers.FloatField(required=False, allow_null=True)
    category = serializers.CharField(max_length=100)
    outcome = serializers.CharField(required=False, allow_blank=True, max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    caller_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    caller_id_number = serializers.CharField(required=False, allow_blank=True, max_length=30)
    caller_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    victim_name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    victim_id_number = serializers.CharField(required=False, allow_blank=True, max_length=30)
    victim_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)


class RecordResultSerializer(serializers.Serializer[Any]):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    present = serializers.IntegerField()
    bad = serializers.IntegerField()
    unmatched = serializers.IntegerField()
    numbers = serializers.ListField(child=serializers.CharField())
