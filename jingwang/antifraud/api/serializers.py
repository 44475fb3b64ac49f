"""The anti-fraud API's shapes. Identifiers only masked; a bank liaison sees what they raised."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from jingwang.antifraud.models import Outcome, ProtectionRequest, Risk, Warning


@extend_schema_serializer(component_name="FraudWarning")
class WarningSerializer(serializers.ModelSerializer[Warning]):
    fraud_type = serializers.CharField(source="fraud_type.code", read_only=True)
    fraud_type_name = serializers.CharField(source="fraud_type.name", read_only=True)
    name = serializers.CharField(source="shown_name", read_only=True)
    id_number = serializers.CharField(source="id_number_masked", read_only=True)
    phone = serializers.CharField(source="phone_masked", read_only=True)
    case = serializers.IntegerField(source="case_id", read_only=True, allow_null=True)
    case_number = serializers.CharField(source="case.number", read_only=True, default=None, allow_null=True)
    case_state = serializers.CharField(source="case.state", read_only=True, default=None, allow_null=True)
    officer = serializers.CharField(source="officer.display_name", read_only=True, default=None, allow_null=True)
    station = serializers.CharField(source="station.code", read_only=True, default=None, allow_null=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True, read_only=True)  # blank until recorded

    class Meta:
        model = Warning
        fields = [
            "id", "reference", "source", "risk", "fraud_type", "fraud_type_name", "warned_at", "received_at",
            "name", "id_number", "phone", "routing", "routing_reason", "station", "officer", "case",
            "case_number", "case_state", "first_contact_at", "visited_at", "outcome", "outcome_at",
            "defrauded_amount", "defrauded_at", "checklist",
        ]  # fmt: skip
        read_only_fields = fields


class WarningRowInput(serializers.Serializer[Any]):
    reference = serializers.CharField(max_length=60)
    risk = serializers.ChoiceField(choices=Risk.choices)
    fraud_type = serializers.CharField(max_length=20)
    warned_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    details = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    station = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class WarningBatchInput(serializers.Serializer[Any]):
    warnings = WarningRowInput(many=True, allow_empty=False)


class ReceivedSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    warnings = WarningSerializer(many=True)


class RouteInput(serializers.Serializer[Any]):
    grid = serializers.CharField(max_length=30, help_text="the grid's code")


class ReturnInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=200)


class ProtectInput(serializers.Serializer[Any]):
    bank_user = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    bank_name = serializers.CharField(max_length=100)
    account = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=500)


class ProtectionSerializer(serializers.ModelSerializer[ProtectionRequest]):
    warning_reference = serializers.CharField(source="warning.reference", read_only=True)
    risk = serializers.CharField(source="warning.risk", read_only=True)

    class Meta:
        model = ProtectionRequest
        fields = ["id", "warning", "warning_reference", "risk", "bank_name", "account_masked", "reason", "status",
                  "answer", "requested_at", "answered_at"]  # fmt: skip
        read_only_fields = fields


class AnswerInput(serializers.Serializer[Any]):
    protected = serializers.BooleanField()
    answer = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class FiguresSerializer(serializers.Serializer[Any]):
    station = serializers.CharField()
    warnings = serializers.IntegerField()
    contacted = serializers.IntegerField()
    minutes_to_contact = serializers.FloatField(allow_null=True)
    face_to_face = serializers.IntegerField()
    face_to_face_rate = serializers.FloatField(allow_null=True)
    closed = serializers.IntegerField()
    dissuaded = serializers.IntegerField()
    success_rate = serializers.FloatField(allow_null=True)
    defrauded = serializers.IntegerField()
    defrauded_rate = serializers.FloatField(allow_null=True)
