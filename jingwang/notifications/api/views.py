"""The caller's own inbox: list, unread count, mark read."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.api.conventions import ScopedViewSet
from jingwang.notifications.api.serializers import MarkReadSerializer, NotificationSerializer
from jingwang.notifications.filters import NotificationFilterSet
from jingwang.notifications.models import Notification
from jingwang.notifications.services import notification_mark_read, unread_count


class NotificationViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Notification
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"unread_count": "view", "mark_read": "view"}

    @extend_schema(responses={200: {"type": "object", "properties": {"unread": {"type": "integer"}}}})
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request: Request) -> Response:
        return Response({"unread": unread_count(request.user)})

    @extend_schema(request=MarkReadSerializer, responses={200: {"type": "object"}})
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request: Request) -> Response:
        """Mark the listed notifications (or, without `ids`, all of them) read."""
        body = MarkReadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids: Any = body.validated_data.get("ids")
        changed = notification_mark_read(actor=request.user, ids=ids)
        return Response({"marked": changed, "unread": unread_count(request.user)})
