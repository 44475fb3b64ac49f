"""Cameras API: the registry (GB/T 28181 IDs decoded), the status feed from the video platform
(POST a batch of events; repeats and any order accepted), and availability per camera and day,
or summed per camera, grid, community or station."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.api.conventions import ScopedViewSet, expected_version
from jingwang.cameras import selectors, services
from jingwang.cameras.api import serializers as s
from jingwang.cameras.filters import CameraDayFilterSet, CameraFilterSet, StatusEventFilterSet
from jingwang.cameras.models import Camera, CameraDay, StatusEvent
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.territory.models import Node, NodeKind


def _valid(serializer: Any) -> dict[str, Any]:
    if not serializer.is_valid():
        raise ServiceError("invalid", _("Some fields are invalid."), fields=serializer.errors)
    return dict(serializer.validated_data)


def _grid(code: str) -> Node:
    grid = Node.objects.filter(kind=NodeKind.GRID, code=code.strip()).first()
    if grid is None:
        raise ServiceError(
            "invalid", _("Some fields are invalid."), fields={"grid": [_("Choose a grid in your area.")]}
        )
    return grid


class CameraViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Cameras and recorders in scope, with their latest status. POST registers one; PATCH
    changes one (If-Match with the version, when sent, is checked)."""

    model = Camera
    serializer_class = s.CameraSerializer
    filterset_class = CameraFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.with_status(super().get_queryset().select_related("grid")).order_by("gb_id")

    @extend_schema(request=s.CameraInput, responses=s.CameraSerializer)
    def create(self, request: Request) -> Response:
        d = _valid(s.CameraInput(data=request.data))
        d["grid"] = _grid(d["grid"])
        camera = services.camera_create(by=actor(request), **d)
        return Response(s.CameraSerializer(camera).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CameraPatch, responses=s.CameraSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        camera = self.get_object()
        d = _valid(s.CameraPatch(data=request.data))
        if "grid" in d:
            d["grid"] = _grid(d["grid"])
        version = expected_version(request) if request.headers.get("If-Match") else None
        camera = services.camera_update(by=actor(request), camera_id=camera.pk, version=version, **d)
        return Response(s.CameraSerializer(camera).data)


class StatusEventViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Raw status events of the cameras in scope. POST: the video platform's feed, a batch of
    `{device_id, status, at}` events; repeats are kept once, any order is fine, and IDs of no
    camera in the caller's area come back in `unknown` with nothing stored for them."""

    model = StatusEvent
    serializer_class = s.StatusEventSerializer
    filterset_class = StatusEventFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("camera").order_by("-at", "-pk")

    @extend_schema(request=s.IngestInput, responses=s.IngestResultSerializer)
    def create(self, request: Request) -> Response:
        d = _valid(s.IngestInput(data=request.data))
        from django.conf import settings

        if len(d["events"]) > settings.CAMERAS_INGEST_MAX_EVENTS:
            raise ServiceError(
                "too_many",
                _("Send at most %(n)s events at once.") % {"n": settings.CAMERAS_INGEST_MAX_EVENTS},
            )
        events = [services.EventIn(e["device_id"], e["status"], int(e["at"].timestamp())) for e in d["events"]]
        result = services.status_ingest(by=actor(request), events=events)
        return Response(s.IngestResultSerializer(result).data, status=status.HTTP_200_OK)


class CameraDayViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Each camera's day as the roll-up materialised it (seconds registered, online, in working
    order, video lost, defect); `summary/` sums them per camera, grid, community or station."""

    model = CameraDay
    serializer_class = s.CameraDaySerializer
    filterset_class = CameraDayFilterSet
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("camera").order_by("-day", "camera__gb_id")

    @extend_schema(
        parameters=[
            OpenApiParameter("level", str, enum=["camera", "grid", "community", "station"]),
            OpenApiParameter("day_from", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("day_to", str, required=True, description="YYYY-MM-DD"),
        ],
        responses=s.SummaryRowSerializer(many=True),
        filters=False,
    )
    @action(detail=False, methods=["get"], filter_backends=[])
    def summary(self, request: Request) -> Response:
        """Availability and working order summed over the days, per unit and covered place."""
        q = _valid(s.SummaryQuery(data=request.query_params))
        if q["day_to"] < q["day_from"]:
            raise ServiceError("invalid", _("Some fields are invalid."), fields={"day_to": [_("Before the start.")]})
        rows = selectors.availability(request.user, level=q["level"], day_from=q["day_from"], day_to=q["day_to"])
        data = [
            {
                "key": r.key,
                "name": r.name,
                "place_class": r.place_class,
                "cameras": r.cameras,
                "registered_s": r.registered_s,
                "online_s": r.online_s,
                "ok_s": r.ok_s,
                "online_rate": r.online_rate,
                "ok_rate": r.ok_rate,
                "target": r.target,
                "below_target": r.below_target,
            }
            for r in rows
        ]
        return Response(s.SummaryRowSerializer(data, many=True).data)
