"""The alerts API's shapes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jingwang.alerts.models import Alert, AlertKind, Audience, Delivery, Feedback, Priority


class AlertSerializer(serializers.ModelSerializer[Alert]):
    origin = serializers.CharField(source="origin.ref", read_only=True)
    sender = serializers.CharField(source="sender.display_name", read_only=True)
    state = serializers.CharField(read_only=True)

    class Meta:
        model = Alert
        fields = [
            "id",
            "kind",
            "priority",
            "title",
            "body",
            "origin",
            "sender",
            "area",
            "center_lon",
            "center_lat",
            "radius_m",
            "audiences",
            "recipient_count",
            "created_at",
            "expires_at",
            "closed_at",
            "closing_note",
            "state",
        ]
        read_only_fields = fields


class AlertInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=120)
    body = serializers.CharField(max_length=2000)
    kind = serializers.ChoiceField(choices=AlertKind.choices, default=AlertKind.OTHER)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices), min_length=1)
    area = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, default=list, help_text="node refs (kind:code)"
    )
    center_lon = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    center_lat = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    radius_m = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=20_000)
    expires_in_hours = serializers.IntegerField(min_value=1, max_value=720, default=24)
    sms_after_minutes = serializers.IntegerField(min_value=1, max_value=1440, default=10)


class CloseInput(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class FeedbackSerializer(serializers.ModelSerializer[Feedback]):
    recipient = serializers.CharField(source="delivery.recipient.display_name", read_only=True)
    has_photo = serializers.SerializerMethodField()

    class Meta:
        model = Feedback
        fields = ["id", "recipient", "text", "place", "lon", "lat", "has_photo", "created_at"]
        read_only_fields = fields

    def get_has_photo(self, obj: Feedback) -> bool:
        return bool(obj.photo)


class BoardSerializer(serializers.Serializer[Any]):
    total = serializers.IntegerField()
    read = serializers.IntegerField()
    acknowledged = serializers.IntegerField()
    feedback = FeedbackSerializer(many=True)


class DeliverySerializer(serializers.ModelSerializer[Delivery]):
    alert = AlertSerializer(read_only=True)

    class Meta:
        model = Delivery
        fields = ["id", "alert", "audience", "delivered_at", "read_at", "acknowledged_at"]
        read_only_fields = fields


class AcknowledgeInput(serializers.Serializer[Any]):
    text = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    lon = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    lat = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
