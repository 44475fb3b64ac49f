"""The police offices API's shapes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jingwang.offices.models import Function, PoliceOffice


class OfficeSerializer(serializers.ModelSerializer[PoliceOffice]):
    district = serializers.CharField(source="district.code", read_only=True)
    district_name = serializers.CharField(source="district.name", read_only=True)
    meets_standard = serializers.BooleanField(read_only=True)
    missing_functions = serializers.ListField(child=serializers.CharField(), read_only=True)
    on_duty = serializers.SerializerMethodField()

    class Meta:
        model = PoliceOffice
        fields = [
            "id",
            "district",
            "district_name",
            "name",
            "address",
            "latitude",
            "longitude",
            "opening_hours",
            "phone",
            "separate_room",
            "has_sign",
            "functions",
            "meets_standard",
            "missing_functions",
            "on_duty",
            "is_active",
            "version",
        ]
        read_only_fields = fields

    def get_on_duty(self, obj: PoliceOffice) -> list[str]:
        return [u.display_name for u in obj.on_duty.all()]


class OfficeInput(serializers.Serializer[Any]):
    district = serializers.CharField(max_length=18, help_text="the police district's code")
    name = serializers.CharField(max_length=100)
    address = serializers.CharField(max_length=300)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True, default=None)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True, default=None)
    opening_hours = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    separate_room = serializers.BooleanField(required=False, default=False)
    has_sign = serializers.BooleanField(required=False, default=False)
    functions = serializers.ListField(
        child=serializers.ChoiceField(choices=Function.choices), required=False, default=list, max_length=10
    )
    on_duty = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        max_length=50,
        help_text="user ids of officers of the district",
    )


class OfficePatch(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=100, required=False)
    address = serializers.CharField(max_length=300, required=False)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    opening_hours = serializers.CharField(max_length=200, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    separate_room = serializers.BooleanField(required=False)
    has_sign = serializers.BooleanField(required=False)
    functions = serializers.ListField(
        child=serializers.ChoiceField(choices=Function.choices), required=False, max_length=10
    )
    on_duty = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False, max_length=50
    )
    is_active = serializers.BooleanField(required=False)
