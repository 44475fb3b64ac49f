"""Watch points API: the points in scope (a keeper: their own) and the reports made from them."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.api.conventions import ScopedViewSet
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.watchpoints import selectors, services
from jingwang.watchpoints.api import serializers as s
from jingwang.watchpoints.filters import ReportFilterSet, WatchPointFilterSet
from jingwang.watchpoints.models import Report, WatchPoint


class WatchPointViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = WatchPoint
    serializer_class = s.WatchPointSerializer
    filterset_class = WatchPointFilterSet
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"report": "view"}

    def get_queryset(self) -> Any:
        return (
            selectors.watchpoint_list(viewer=self.request.user, action=self.required_action())
            .filter(is_active=True)
            .order_by("name")
        )

    @extend_schema(request=s.ReportInput, responses={201: s.ReportSerializer})
    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: str) -> Response:
        """Report a tip or someone in need from this watch point (its keeper)."""
        from jingwang.core.access import has_permission

        point = self.get_object()
        if not has_permission(request.user, Report, "add"):
            self.permission_denied(request, code="role")
        body = s.ReportInput(data=request.data)
        if not body.is_valid():
            raise ServiceError("invalid", _("Some fields are invalid."), fields=dict(body.errors))
        made = services.report_create(by=actor(request), watch_point_id=point.pk, **body.validated_data)
        return Response(s.ReportSerializer(made).data, status=status.HTTP_201_CREATED)


class ReportViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Report
    audit_reads = True
    serializer_class = s.ReportSerializer
    filterset_class = ReportFilterSet
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"handle": "change"}

    def get_queryset(self) -> Any:
        return selectors.report_list(viewer=self.request.user, action=self.required_action()).order_by("-id")

    @extend_schema(request=None, responses=s.ReportSerializer)
    @action(detail=True, methods=["post"])
    def handle(self, request: Request, pk: str) -> Response:
        done = services.report_handle(by=actor(request), report_id=self.get_object().pk)
        return Response(s.ReportSerializer(done).data)
