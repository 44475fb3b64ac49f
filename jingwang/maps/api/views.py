"""The map's layers under /api/v1/map/: boundaries with a figure, and each layer's points or
clusters within a box. Each layer is read through its model's permission and scope."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jingwang.audit.selectors import audit_read
from jingwang.audit.services import audit_denied, request_route
from jingwang.core.access import has_permission, model_label, refresh_grants
from jingwang.core.errors import Forbidden, NotFound, ServiceError
from jingwang.maps import selectors
from jingwang.maps.api import serializers as s
from jingwang.maps.layers import LAYERS, Period
from jingwang.maps.models import MapCell
from jingwang.maps.views import map_config
from jingwang.territory.models import Node


def _valid(serializer_class: Any, data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ServiceError("invalid", _("Some fields are invalid."), fields=dict(serializer.errors))
    return dict(serializer.validated_data)


class _MapApi(APIView):
    permission_classes = [IsAuthenticated]
    access = "maps.mapcell:view"

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        refresh_grants(request.user)
        super().initial(request, *args, **kwargs)
        self.require(request, MapCell, "")

    def require(self, request: Request, model: Any, key: str) -> None:
        """403 for a role that may not read `model`, audited like every refusal."""
        if not has_permission(request.user, model, "view"):
            audit_denied(
                actor=request.user,
                object_type=model_label(model),
                object_id=key,
                details={"reason": "role", "action": "view", "route": request_route(request)},
            )
            raise Forbidden()


class MapConfigApi(_MapApi):
    """The layers and figures the caller may see, the tile source and the datum of the answers."""

    @extend_schema(responses=s.MapConfigSerializer)
    def get(self, request: Request) -> Response:
        return Response(map_config(request.user))


class BoundariesApi(_MapApi):
    """The caller's grids or police districts as GeoJSON polygons, each with the chosen figure's
    value for the period (a choropleth). Coordinates in the configured tile datum."""

    @extend_schema(parameters=[s.BoundaryQuery], responses=s.BoundaryCollectionSerializer)
    def get(self, request: Request) -> Response:
        self.require(request, Node, "")
        q = _valid(s.BoundaryQuery, request.query_params)
        figure = selectors.figure_for(q["figure"])
        if q["figure"] and figure is None:
            raise ServiceError("invalid", _("Some fields are invalid."), fields={"figure": [_("No such figure.")]})
        data = selectors.boundaries(request.user, q["kind"], figure, Period(q["since"], q["until"]))
        return Response(data)


class FeaturesApi(_MapApi):
    """One layer within a box (`bbox`, `zoom`): its records as points, or clusters with counts when
    the zoom is low (precomputed cells for large layers) or the box holds too many records.
    Filtered by period and category where the layer has them. Reads of records are audited."""

    @extend_schema(
        parameters=[s.FeatureQuery, OpenApiParameter("key", str, OpenApiParameter.PATH, description="the layer")],
        responses=s.FeatureCollectionSerializer,
    )
    def get(self, request: Request, key: str) -> Response:
        layer = LAYERS.get(key)
        if layer is None:
            raise NotFound()
        self.require(request, layer.model_class(), key)
        q = _valid(s.FeatureQuery, request.query_params)
        data = selectors.features(
            request.user, layer, q["bbox"], q["zoom"], Period(q["since"], q["until"]), q["category"]
        )
        if data["mode"] == "points":
            audit_read(
                viewer=request.user,
                object_type=model_label(layer.model_class()),
                query=dict(request.query_params.items()),
                result_count=len(data["features"]),
            )
        return Response(data)
