"""The venues API's shapes. A venue operator's answers never carry a list match."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from jingwang.venues.models import Guest, GuestBatch, Incident, Inspection, InspectionDraw, StaffFiling, Venue, VenueHit


class VenueSerializer(serializers.ModelSerializer[Venue]):
    name = serializers.CharField(source="unit.name", read_only=True)
    trade = serializers.CharField(source="trade.code", read_only=True)
    trade_name = serializers.CharField(source="trade.name", read_only=True)
    grid = serializers.CharField(source="unit.grid.code", read_only=True)
    responsible_officer = serializers.CharField(
        source="responsible_officer.display_name", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Venue
        fields = [
            "id",
            "name",
            "trade",
            "trade_name",
            "grid",
            "licence_number",
            "licence_issuer",
            "licence_valid_from",
            "licence_valid_until",
            "grade",
            "points_deducted",
            "responsible_officer",
            "last_inspected_at",
            "version",
        ]
        read_only_fields = fields


class StaffSerializer(serializers.ModelSerializer[StaffFiling]):
    id_number = serializers.CharField(source="id_number_masked", read_only=True)

    class Meta:
        model = StaffFiling
        fields = [
            "id",
            "venue",
            "name",
            "id_number",
            "job",
            "hired_at",
            "filed_at",
            "deadline_at",
            "is_late",
            "left_at",
        ]
        read_only_fields = fields


class StaffInput(serializers.Serializer[Any]):
    venue = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=30)
    job = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    hired_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="VenueIncident")  # incidents.Incident is "Incident"
class IncidentSerializer(serializers.ModelSerializer[Incident]):
    number = serializers.CharField(source="case.number", read_only=True)
    state = serializers.CharField(source="case.state", read_only=True)
    description = serializers.CharField(source="case.description", read_only=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "number",
            "venue",
            "kind",
            "occurred_at",
            "reported_at",
            "deadline_at",
            "is_late",
            "state",
            "description",
        ]
        read_only_fields = fields


class IncidentInput(serializers.Serializer[Any]):
    venue = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    kind = serializers.CharField(max_length=12)
    occurred_at = serializers.DateTimeField()
    description = serializers.CharField(max_length=4000)


class GuestSerializer(serializers.ModelSerializer[Guest]):
    id_number = serializers.CharField(source="id_number_masked", read_only=True)

    class Meta:
        model = Guest
        fields = ["id", "venue", "batch", "name", "id_number", "room", "check_in", "check_out"]
        read_only_fields = fields


class GuestRowInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=30)
    room = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    check_in = serializers.DateTimeField()
    check_out = serializers.DateTimeField(required=False, allow_null=True, default=None)


class GuestBatchInput(serializers.Serializer[Any]):
    venue = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    guests = GuestRowInput(many=True, allow_empty=False)


class GuestFileInput(serializers.Serializer[Any]):
    venue = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    file = serializers.FileField()


class GuestBatchSerializer(serializers.ModelSerializer[GuestBatch]):
    """What the hotel is told: received, how many. Never whether anyone matched."""

    class Meta:
        model = GuestBatch
        fields = ["id", "venue", "received_at", "count"]
        read_only_fields = fields


class HitSerializer(serializers.ModelSerializer[VenueHit]):
    venue_name = serializers.CharField(source="venue.unit.name", read_only=True)
    # A plain string, not an enum: the enum name "source" is taken in the schema.
    source = serializers.CharField(read_only=True, help_text="staff or guest")  # type: ignore[assignment]

    class Meta:
        model = VenueHit
        fields = [
            "id",
            "venue",
            "venue_name",
            "source",
            "list_kind",
            "list_name",
            "name",
            "id_number_masked",
            "instruction",
            "found_at",
        ]
        read_only_fields = fields


class InspectionSerializer(serializers.ModelSerializer[Inspection]):
    number = serializers.CharField(source="case.number", read_only=True)
    state = serializers.CharField(source="case.state", read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "case",
            "number",
            "state",
            "venue",
            "kind",
            "draw",
            "follows",
            "checklist",
            "findings",
            "hazard",
            "rectify_by",
            "overdue_at",
            "workorder",
        ]
        read_only_fields = fields


class InspectionInput(serializers.Serializer[Any]):
    venue = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    kind = serializers.ChoiceField(choices=["complaint", "routine"])
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DrawSerializer(serializers.ModelSerializer[InspectionDraw]):
    node = serializers.CharField(source="node.ref", read_only=True)

    class Meta:
        model = InspectionDraw
        fields = ["id", "period", "node", "seed", "population", "chosen", "drawn_at"]
        read_only_fields = fields


class DrawInput(serializers.Serializer[Any]):
    node = serializers.CharField(max_length=40)  # kind:code
    period = serializers.CharField(max_length=20)
    count = serializers.IntegerField(min_value=1, max_value=500)
    seed = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=2**53, default=None)
