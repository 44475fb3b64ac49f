"""The cameras API's shapes."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jingwang.cameras.models import Camera, CameraDay, OwnerKind, PlaceClass, StatusEvent


class CameraSerializer(serializers.ModelSerializer[Camera]):
    grid = serializers.CharField(source="grid.code", read_only=True)
    grid_name = serializers.CharField(source="grid.name", read_only=True)
    type_label = serializers.CharField(read_only=True)
    network_label = serializers.CharField(read_only=True)
    last_status = serializers.SerializerMethodField()
    last_at = serializers.SerializerMethodField()

    class Meta:
        model = Camera
        fields = [
            "id",
            "gb_id",
            "name",
            "centre_code",
            "industry_code",
            "type_code",
            "type_label",
            "network_code",
            "network_label",
            "grid",
            "grid_name",
            "latitude",
            "longitude",
            "owner_kind",
            "place_class",
            "place_type",
            "registered_at",
            "is_active",
            "last_status",
            "last_at",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="on, off, vlost or defect"))
    def get_last_status(self, obj: Camera) -> str | None:
        return getattr(obj, "last_status", None)

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text="epoch seconds"))
    def get_last_at(self, obj: Camera) -> int | None:
        return getattr(obj, "last_at", None)


class CameraInput(serializers.Serializer[Any]):
    gb_id = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=100)
    grid = serializers.CharField(max_length=18, help_text="the grid's code")
    owner_kind = serializers.ChoiceField(choices=OwnerKind.choices, default=OwnerKind.PUBLIC)
    place_class = serializers.ChoiceField(choices=PlaceClass.choices, default=PlaceClass.KEY_PUBLIC)
    place_type = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True, default=None)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True, default=None)
    registered_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class CameraPatch(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=100, required=False)
    grid = serializers.CharField(max_length=18, required=False, help_text="the grid's code")
    owner_kind = serializers.ChoiceField(choices=OwnerKind.choices, required=False)
    place_class = serializers.ChoiceField(choices=PlaceClass.choices, required=False)
    place_type = serializers.CharField(max_length=30, required=False, allow_blank=True)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)


class StatusEventSerializer(serializers.ModelSerializer[StatusEvent]):
    gb_id = serializers.CharField(source="camera.gb_id", read_only=True)

    class Meta:
        model = StatusEvent
        fields = ["id", "camera", "gb_id", "at", "status", "received_at"]
        read_only_fields = fields


class EventInput(serializers.Serializer[Any]):
    device_id = serializers.CharField(max_length=20, help_text="the channel's 20-digit GB/T 28181 ID")
    status = serializers.CharField(
        max_length=12, help_text="ON, OFF, VLOST, DEFECT (ADD, DEL and UPDATE are accepted and ignored)"
    )
    at = serializers.DateTimeField(help_text="the platform's event time")


class IngestInput(serializers.Serializer[Any]):
    events = EventInput(many=True, allow_empty=False)


class IngestResultSerializer(serializers.Serializer[Any]):
    received = serializers.IntegerField()
    stored = serializers.IntegerField(help_text="events of registered cameras (a repeat is kept once)")
    ignored = serializers.IntegerField(help_text="catalogue events without a status")
    unknown = serializers.ListField(child=serializers.CharField(), help_text="IDs of no camera in your area")


class CameraDaySerializer(serializers.ModelSerializer[CameraDay]):
    gb_id = serializers.CharField(source="camera.gb_id", read_only=True)
    online_rate = serializers.SerializerMethodField()
    ok_rate = serializers.SerializerMethodField()

    class Meta:
        model = CameraDay
        fields = [
            "id",
            "camera",
            "gb_id",
            "day",
            "registered_s",
            "online_s",
            "ok_s",
            "vlost_s",
            "defect_s",
            "online_rate",
            "ok_rate",
        ]
        read_only_fields = fields

    def get_online_rate(self, obj: CameraDay) -> float | None:
        return obj.online_s / obj.registered_s if obj.registered_s else None

    def get_ok_rate(self, obj: CameraDay) -> float | None:
        return obj.ok_s / obj.registered_s if obj.registered_s else None


class SummaryQuery(serializers.Serializer[Any]):
    level = serializers.ChoiceField(choices=["camera", "grid", "community", "station"], default="community")
    day_from = serializers.DateField()
    day_to = serializers.DateField()


class SummaryRowSerializer(serializers.Serializer[Any]):
    key = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    place_class = serializers.CharField()
    cameras = serializers.IntegerField()
    registered_s = serializers.IntegerField()
    online_s = serializers.IntegerField()
    ok_s = serializers.IntegerField()
    online_rate = serializers.FloatField(allow_null=True)
    ok_rate = serializers.FloatField(allow_null=True)
    target = serializers.FloatField()
    below_target = serializers.BooleanField()
