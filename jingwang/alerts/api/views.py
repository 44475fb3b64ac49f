"""Alerts API: the sender's alerts (send, board, close) and the recipient's own deliveries
(read, acknowledge with feedback)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.alerts import selectors, services
from jingwang.alerts.api import serializers as s
from jingwang.alerts.filters import AlertFilterSet, DeliveryFilterSet
from jingwang.alerts.models import Alert, Delivery
from jingwang.api.conventions import ScopedViewSet
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.territory.selectors import access_node_by_ref


def _invalid(serializer: Any) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields=dict(serializer.errors))


class AlertViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Alerts sent from the caller's area."""

    model = Alert
    serializer_class = s.AlertSerializer
    filterset_class = AlertFilterSet
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"board": "view", "close": "change"}

    def get_queryset(self) -> Any:
        return selectors.alert_list(viewer=self.request.user, action=self.required_action()).order_by("-id")

    @extend_schema(request=s.AlertInput, responses={201: s.AlertSerializer})
    def create(self, request: Request) -> Response:
        """Send an alert to the grids under the picked nodes and/or within a radius of a point."""
        body = s.AlertInput(data=request.data)
        if not body.is_valid():
            raise _invalid(body)
        data = body.validated_data
        area = []
        for ref in data["area"]:
            try:
                area.append(access_node_by_ref(request.user, ref, "view"))
            except ServiceError:
                raise ServiceError(
                    "invalid",
                    _("Some fields are invalid."),
                    fields={"area": [_("Unknown node %(ref)s.") % {"ref": ref}]},
                ) from None
        alert = services.alert_send(
            by=actor(request),
            data=services.AlertInput(
                title=data["title"],
                body=data["body"],
                kind=data["kind"],
                priority=data["priority"],
                audiences=list(data["audiences"]),
                expires_in_hours=data["expires_in_hours"],
                sms_after_minutes=data["sms_after_minutes"],
                area=area,
                lon=data.get("center_lon"),
                lat=data.get("center_lat"),
                radius_m=data.get("radius_m"),
            ),
        )
        return Response(s.AlertSerializer(alert).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.BoardSerializer)
    @action(detail=True, methods=["get"])
    def board(self, request: Request, pk: str) -> Response:
        """Who read and acknowledged, and the feedback."""
        board = selectors.alert_board(self.get_object())
        return Response(s.BoardSerializer(board).data)

    @extend_schema(request=s.CloseInput, responses=s.AlertSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        """Close the alert; every recipient is told."""
        alert = self.get_object()
        body = s.CloseInput(data=request.data)
        if not body.is_valid():
            raise _invalid(body)
        closed = services.alert_close(by=actor(request), alert_id=alert.pk, note=body.validated_data["note"])
        return Response(s.AlertSerializer(closed).data)


class DeliveryViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The caller's own alerts."""

    model = Delivery
    serializer_class = s.DeliverySerializer
    filterset_class = DeliveryFilterSet
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"acknowledge": "change", "read": "change"}

    def get_queryset(self) -> Any:
        return (
            selectors.my_deliveries(viewer=self.request.user, action=self.required_action())
            .select_related("alert__origin", "alert__sender")
            .order_by("-id")
        )

    @extend_schema(request=None, responses=s.DeliverySerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str) -> Response:
        delivery = services.delivery_mark_read(by=actor(request), delivery_id=self.get_object().pk)
        return Response(s.DeliverySerializer(delivery).data)

    @extend_schema(request=s.AcknowledgeInput, responses=s.DeliverySerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str) -> Response:
        """Acknowledge, with feedback (text, "seen at", a point) when there is any."""
        delivery = self.get_object()
        body = s.AcknowledgeInput(data=request.data)
        if not body.is_valid():
            raise _invalid(body)
        data = body.validated_data
        done = services.delivery_acknowledge(
            by=actor(request),
            delivery_id=delivery.pk,
            text=data["text"],
            place=data["place"],
            lon=data.get("lon"),
            lat=data.get("lat"),
        )
        return Response(s.DeliverySerializer(done).data)
