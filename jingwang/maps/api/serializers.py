"""Query parameters and answers of the map's endpoints (documented in the OpenAPI schema)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jingwang.maps.cells import Box
from jingwang.maps.selectors import BOUNDARY_KINDS


class PeriodQuery(serializers.Serializer[Any]):
    since = serializers.DateField(required=False, allow_null=True, default=None, help_text="first day (inclusive)")
    until = serializers.DateField(required=False, allow_null=True, default=None, help_text="last day (inclusive)")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("since") and attrs.get("until") and attrs["until"] < attrs["since"]:
            raise serializers.ValidationError({"until": [_("The end of the period comes before its start.")]})
        return attrs


class BoundaryQuery(PeriodQuery):
    kind = serializers.ChoiceField(choices=[str(k) for k in BOUNDARY_KINDS], default="grid")
    figure = serializers.CharField(required=False, default="", allow_blank=True, max_length=40)


class FeatureQuery(PeriodQuery):
    bbox = serializers.CharField(max_length=200, help_text="west,south,east,north in the map's datum (degrees)")
    zoom = serializers.IntegerField(min_value=0, max_value=22)
    category = serializers.CharField(required=False, default="", allow_blank=True, max_length=60)

    def validate_bbox(self, value: str) -> Box:
        try:
            west, south, east, north = (float(v) for v in value.split(","))
        except ValueError:
            raise serializers.ValidationError(_("Give the box as four numbers: west,south,east,north.")) from None
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise serializers.ValidationError(_("The box lies outside the earth or is upside down."))
        return Box(west, south, east, north)


class GeometrySerializer(serializers.Serializer[Any]):
    type = serializers.CharField()  # type: ignore[assignment]
    coordinates = serializers.JSONField()


class BoundaryPropertiesSerializer(serializers.Serializer[Any]):
    ref = serializers.CharField(help_text="kind:code")
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    value = serializers.FloatField(required=False, help_text="the chosen figure's value (with `figure` only)")


class BoundaryFeatureSerializer(serializers.Serializer[Any]):
    type = serializers.CharField()
    geometry = GeometrySerializer()
    properties = BoundaryPropertiesSerializer()


class BoundaryCollectionSerializer(serializers.Serializer[Any]):
    type = serializers.CharField()
    figure = serializers.CharField(allow_null=True)
    features = BoundaryFeatureSerializer(many=True)


class PointPropertiesSerializer(serializers.Serializer[Any]):
    cluster = serializers.BooleanField(required=False, help_text="true: a cluster of `count` records")
    count = serializers.IntegerField(required=False)
    id = serializers.IntegerField(required=False, help_text="the record's id (points only)")
    title = serializers.CharField(required=False)
    url = serializers.CharField(required=False, help_text="the record's page")
    category = serializers.CharField(required=False)
    approximate = serializers.BooleanField(required=False, help_text="drawn at its grid: the record has no coordinates")


class PointFeatureSerializer(serializers.Serializer[Any]):
    type = serializers.CharField()
    geometry = GeometrySerializer()
    properties = PointPropertiesSerializer()


class FeatureCollectionSerializer(serializers.Serializer[Any]):
    type = serializers.CharField()
    layer = serializers.CharField()
    mode = serializers.ChoiceField(choices=["points", "clusters"])
    features = PointFeatureSerializer(many=True)


class LayerSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    color = serializers.CharField()
    clustered = serializers.BooleanField()
    period = serializers.BooleanField(help_text="the layer is filtered by since/until")
    categories = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    url = serializers.CharField()


class MapConfigSerializer(serializers.Serializer[Any]):
    crs = serializers.ChoiceField(choices=["wgs84", "gcj02"], help_text="the datum of every coordinate answered")
    tiles = serializers.JSONField()
    boundaries = serializers.JSONField()
    boundaries_url = serializers.CharField()
    figures = serializers.JSONField()
    layers = LayerSerializer(many=True)
