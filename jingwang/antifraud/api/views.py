"""Anti-fraud API. POST /warnings/ receives a batch (the centre's feed: the county commander's
account; a bank liaison's suspicion; an officer's entry), matched and routed at once. The
dissuasion's steps are the generic case transitions: POST /api/v1/cases/{case}/{transition}/."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.antifraud import selectors, services
from jingwang.antifraud.api import serializers as s
from jingwang.antifraud.filters import ProtectionFilterSet, WarningFilterSet
from jingwang.antifraud.models import PURPOSE, ProtectionRequest, Source, Warning
from jingwang.api.conventions import ScopedViewSet, idempotent
from jingwang.core.access import grants
from jingwang.core.errors import ServiceError
from jingwang.core.roles import Role
from jingwang.core.types import actor
from jingwang.territory.models import Node, NodeKind


def _valid(serializer: Any) -> dict[str, Any]:
    if not serializer.is_valid():
        raise ServiceError("invalid", _("Some fields are invalid."), fields=serializer.errors)
    return dict(serializer.validated_data)


def _source(user: Any) -> str:
    roles = {g.role for g in grants(user)}
    if Role.BANK_LIAISON in roles:
        return Source.BANK
    if Role.BUREAU_COMMANDER in roles:
        return Source.CENTRE
    return Source.ENTRY


class WarningViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Fraud warnings in scope (a bank liaison: those they raised)."""

    model = Warning
    serializer_class = s.WarningSerializer
    filterset_class = WarningFilterSet
    audit_reads = True
    audit_purpose = PURPOSE
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"create": "add", "route": "route", "send_back": "route", "protect": "change",
                          "figures": "figures"}  # fmt: skip

    def get_queryset(self) -> Any:
        return (
            super().get_queryset().select_related("fraud_type", "case", "officer", "station")
            .order_by("-received_at", "-pk")
        )  # fmt: skip

    @extend_schema(request=s.WarningBatchInput, responses={201: s.ReceivedSerializer})
    def create(self, request: Request) -> Response:
        d = _valid(s.WarningBatchInput(data=request.data))
        rows = [services.WarningRow(**row) for row in d["warnings"]]

        def make() -> Response:
            got = services.warnings_receive(by=actor(request), rows=rows, source=_source(request.user))
            body = {"created": got.created, "warnings": s.WarningSerializer(got.warnings, many=True).data}
            return Response(body, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=s.RouteInput, responses=s.WarningSerializer)
    @action(detail=True, methods=["post"])
    def route(self, request: Request, pk: str) -> Response:
        """The duty officer sends the warning to the community officer of a grid."""
        d = _valid(s.RouteInput(data=request.data))
        w = self.get_object()
        grid = Node.objects.filter(kind=NodeKind.GRID, code=d["grid"]).first()
        if grid is None:
            raise ServiceError("invalid", _("Some fields are invalid."), fields={"grid": [_("Unknown grid.")]})
        return Response(s.WarningSerializer(services.warning_route(by=actor(request), warning_id=w.pk, grid=grid)).data)

    @extend_schema(request=s.ReturnInput, responses=s.WarningSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request: Request, pk: str) -> Response:
        """The duty officer sends the warning back up with the reason."""
        d = _valid(s.ReturnInput(data=request.data))
        w = self.get_object()
        return Response(s.WarningSerializer(services.warning_return(by=actor(request), warning_id=w.pk, **d)).data)

    @extend_schema(request=s.ProtectInput, responses={201: s.ProtectionSerializer})
    @action(detail=True, methods=["post"])
    def protect(self, request: Request, pk: str) -> Response:
        """Ask a bank liaison for temporary protection of the person's account (警银联动)."""
        d = _valid(s.ProtectInput(data=request.data))
        w = self.get_object()
        req = services.protection_request(by=actor(request), warning_id=w.pk, bank_user_id=d.pop("bank_user"), **d)
        return Response(s.ProtectionSerializer(req).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("from", str, description="YYYY-MM-DD"), OpenApiParameter("to", str)],
        responses=s.FiguresSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def figures(self, request: Request) -> Response:
        """Per station and period: time to first contact, face-to-face rate, success rate, defrauded."""
        today = timezone.localdate()
        start = parse_date(request.query_params.get("from", "") or "") or today - timedelta(days=30)
        end = parse_date(request.query_params.get("to", "") or "") or today
        rows = selectors.figures(viewer=request.user, start=min(start, end), end=max(start, end))
        return Response(s.FiguresSerializer(rows, many=True).data)


class ProtectionViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Bank protection requests: the police of the warning's area; a bank liaison, those addressed to them."""

    model = ProtectionRequest
    serializer_class = s.ProtectionSerializer
    filterset_class = ProtectionFilterSet
    audit_reads = True
    audit_purpose = PURPOSE
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"answer": "change"}

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("warning").order_by("-requested_at", "-pk")

    @extend_schema(request=s.AnswerInput, responses=s.ProtectionSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        """The bank's answer: protected, or declined with why."""
        d = _valid(s.AnswerInput(data=request.data))
        req = self.get_object()
        return Response(
            s.ProtectionSerializer(services.protection_answer(by=actor(request), request_id=req.pk, **d)).data
        )
