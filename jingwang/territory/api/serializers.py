from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from jingwang.territory.models import Node


class NodeSerializer(serializers.ModelSerializer[Node]):
    parent = serializers.SerializerMethodField()  # type: ignore[assignment]
    police_district = serializers.SerializerMethodField()

    class Meta:
        model = Node
        fields = ["id", "code", "name", "kind", "parent", "police_district", "is_active", "version"]

    def get_parent(self, obj: Node) -> str | None:
        return obj.parent.code if obj.parent_id and obj.parent else None

    def get_police_district(self, obj: Node) -> str | None:
        return obj.police_district.code if obj.police_district_id and obj.police_district else None


class NodeDetailSerializer(NodeSerializer):
    class Meta(NodeSerializer.Meta):
        fields = [*NodeSerializer.Meta.fields, "boundary"]


class NodeUpdateSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=100, required=False)
    boundary = serializers.JSONField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError({f: [_("This field cannot be written.")] for f in sorted(unknown)})
        return attrs


class LocateSerializer(serializers.Serializer[Any]):
    lon = serializers.FloatField(min_value=73.0, max_value=136.0)
    lat = serializers.FloatField(min_value=3.0, max_value=54.0)
