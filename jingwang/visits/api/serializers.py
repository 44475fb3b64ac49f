from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jingwang.visits.models import Purpose, Visit


class HomeVisitSerializer(serializers.ModelSerializer[Visit]):
    officer_name = serializers.CharField(source="officer.display_name", read_only=True)
    grid = serializers.CharField(source="grid.code", read_only=True)
    place = serializers.CharField(source="place_name", read_only=True)
    collections: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "officer",
            "officer_name",
            "visited_at",
            "grid",
            "address",
            "house",
            "unit",
            "place",
            "purpose",
            "met",
            "learnt",
            "follow_up",
            "collections",
        ]


class CollectedInput(serializers.Serializer[Any]):
    kind = serializers.CharField(max_length=10)
    payload = serializers.DictField()


class HomeVisitInput(serializers.Serializer[Any]):
    address = serializers.IntegerField(required=False, allow_null=True, default=None)
    house = serializers.IntegerField(required=False, allow_null=True, default=None)
    unit = serializers.IntegerField(required=False, allow_null=True, default=None)
    purpose = serializers.ChoiceField(choices=Purpose.choices, default=Purpose.ROUTINE)
    visited_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    met = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    learnt = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    follow_up = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    collected = CollectedInput(many=True, required=False, default=list)


class WeekQuery(serializers.Serializer[Any]):
    week = serializers.DateField(required=False, allow_null=True, default=None)


class WeekFiguresSerializer(serializers.Serializer[Any]):
    officer_id = serializers.IntegerField()
    officer = serializers.CharField()
    week = serializers.DateField()
    visits = serializers.IntegerField()
    visits_target = serializers.IntegerField()
    visits_met = serializers.BooleanField()
    half_days = serializers.IntegerField()
    half_days_target = serializers.IntegerField()
    half_days_met = serializers.BooleanField()
