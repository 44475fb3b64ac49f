"""Verification API serializers: identifiers leave masked; sensitive details only for the roles
that may read them (core/roles.py, verification.watchentry "sensitive")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingwang.api.fields import RecordIdField
from jingwang.core.access import has_permission
from jingwang.verification.models import VerificationCheck, WatchCategory, WatchEntry, WatchList


class LocationSerializer(serializers.Serializer[Any]):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lng = serializers.FloatField(min_value=-180, max_value=180)


class VerifyRequestSerializer(serializers.Serializer[Any]):
    id_number = serializers.CharField(required=False, allow_blank=True, max_length=40)
    name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    birth_date = serializers.DateField(required=False, allow_null=True)
    location = LocationSerializer(required=False, allow_null=True)
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("id_number") and not (attrs.get("name") and attrs.get("birth_date")):
            raise serializers.ValidationError({"id_number": [_("Enter an ID number, or a name and a birth date.")]})
        return attrs


class WatchListSerializer(serializers.ModelSerializer[WatchList]):
    node = serializers.SerializerMethodField()
    owner = serializers.SerializerMethodField()

    class Meta:
        model = WatchList
        fields = ["id", "name", "category", "legal_basis", "owner", "node", "review_period_days", "created_at"]

    def get_node(self, obj: WatchList) -> str:
        return obj.node.ref

    def get_owner(self, obj: WatchList) -> str:
        return obj.owner.get_username()


class WatchListWriteSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=100)
    category = serializers.ChoiceField(choices=WatchCategory.choices)
    legal_basis = serializers.CharField()
    node = serializers.CharField(help_text="kind:code of the station (or other node) that keeps the list")
    review_period_days = serializers.IntegerField(min_value=1, max_value=3660, default=180)


class WatchEntrySerializer(serializers.ModelSerializer[WatchEntry]):
    id_number = serializers.CharField(source="id_number_masked", read_only=True)
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = WatchEntry
        fields = [
            "id",
            "watchlist",
            "person",
            "name",
            "birth_date",
            "id_number",
            "instruction",
            "sensitive_details",
            "review_date",
            "in_force",
            "is_active",
            "renewed_at",
            "version",
        ]

    def get_in_force(self, obj: WatchEntry) -> bool:
        from django.utils import timezone

        return obj.in_force(timezone.localdate())

    def to_representation(self, instance: WatchEntry) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not has_permission(request.user, WatchEntry, "sensitive"):
            data.pop("sensitive_details", None)
        return data


class WatchEntryWriteSerializer(serializers.Serializer[Any]):
    watchlist = RecordIdField()
    person = RecordIdField(required=False, allow_null=True)
    id_number = serializers.CharField(required=False, allow_blank=True, max_length=40)
    name = serializers.CharField(required=False, allow_blank=True, max_length=50)
    birth_date = serializers.DateField(required=False, allow_null=True)
    instruction = serializers.CharField(max_length=300)
    sensitive_details = serializers.CharField(required=False, allow_blank=True)


class ImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()
    default_instruction = serializers.CharField(required=False, allow_blank=True, max_length=300)
    dry_run = serializers.BooleanField(required=False, default=False)


class VerificationCheckSerializer(serializers.ModelSerializer[VerificationCheck]):
    checked_by = serializers.SerializerMethodField()
    id_number = serializers.CharField(source="id_number_masked", read_only=True)
    location = serializers.SerializerMethodField()

    class Meta:
        model = VerificationCheck
        fields = [
            "id",
            "checked_by",
            "checked_at",
            "location",
            "purpose",
            "query_kind",
            "id_number",
            "query_name",
            "query_birth_date",
            "outcome",
            "persons_found",
            "hit_count",
        ]

    def get_checked_by(self, obj: VerificationCheck) -> str:
        return obj.checked_by.get_username()

    def get_location(self, obj: VerificationCheck) -> dict[str, float] | None:
        return {"lat": obj.lat, "lng": obj.lng} if obj.lat is not None and obj.lng is not None else None
