"""The volunteers API's shapes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jingwang.volunteers.models import Team, Volunteer


class TeamSerializer(serializers.ModelSerializer[Team]):
    district = serializers.CharField(source="district.code", read_only=True)
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "kind", "trade", "district", "member_count"]
        read_only_fields = fields


class VolunteerSerializer(serializers.ModelSerializer[Volunteer]):
    grid = serializers.CharField(source="grid.code", read_only=True)
    team_name = serializers.CharField(source="team.name", default=None, allow_null=True, read_only=True)
    total_hours = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True, allow_null=True)

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "name",
            "grid",
            "team",
            "team_name",
            "skills",
            "availability",
            "status",
            "self_registered",
            "registered_at",
            "verified_at",
            "left_at",
            "total_hours",
        ]
        read_only_fields = fields


class VolunteerInput(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=50)
    grid = serializers.CharField(max_length=18, help_text="grid code")
    team = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1)
    skills = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    availability = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    username = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
