"""Work orders API: raise (idempotent), list/retrieve in scope, and the department's and the
raiser's steps (accept, start, report with evidence, confirm, reopen)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.api.conventions import ScopedViewSet, expected_version, idempotent, with_etag
from jingwang.casework.models import Case, Department
from jingwang.core.errors import ServiceError
from jingwang.territory.models import Node, NodeKind
from jingwang.workorders import services
from jingwang.workorders.api import serializers as s
from jingwang.workorders.models import WorkOrder


def _valid(serializer_class: type[Any], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ServiceError("invalid", _("Some fields are invalid."), fields=serializer.errors)
    return dict(serializer.validated_data)


def _invalid(field: str) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field: [_("Unknown value.")]})


class WorkOrderViewSet(ScopedViewSet, mixins.ListModelMixin):
    """Work orders in scope: raisers and leaders by territory; department staff, their departments'."""

    model = WorkOrder
    audit_reads = True
    serializer_class = s.WorkOrderSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {name: "change" for name in ("accept", "start", "report", "confirm", "reopen")}

    def get_queryset(self) -> Any:
        qs = (
            super()
            .get_queryset()
            .select_related(
                "case",
                "case__grid",
                "case__assignee",
                "case__leader",
                "case__handler_user",
                "case__handler_department",
                "department",
                "source_case",
            )
        )
        state = self.request.query_params.get("state")
        if state:
            qs = qs.filter(case__state=state)
        if self.request.query_params.get("q"):
            text = self.request.query_params["q"].strip()
            qs = qs.filter(case__number__startswith=text) | qs.filter(case__title__contains=text)
        return qs.prefetch_related("evidence")

    def retrieve(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        return with_etag(Response(s.WorkOrderSerializer(obj).data), obj.case)

    @extend_schema(request=s.RaiseSerializer, responses=s.WorkOrderSerializer)
    def create(self, request: Request) -> Response:
        """Blow the whistle (multipart with `files` for photos, or JSON); Idempotency-Key honoured."""
        data = _valid(s.RaiseSerializer, request.data)
        files = request.FILES.getlist("files") if hasattr(request, "FILES") else []

        def make() -> Response:
            grid = Node.objects.filter(kind=NodeKind.GRID, code=data["grid"]).first()
            if grid is None:
                raise _invalid("grid")
            department = Department.objects.filter(pk=data["department"], is_active=True).first()
            if department is None:
                raise _invalid("department")
            source = None
            if data["source_case"]:
                source = Case.objects.restrict(request.user).filter(number=data["source_case"]).first()
                if source is None:
                    raise _invalid("source_case")
            order = services.workorder_raise(
                by=request.user,
                grid=grid,
                department=department,
                title=data["title"],
                description=data["description"],
                location=data["location"],
                urgency=data["urgency"],
                source_kind=data["source_kind"],
                source_case=source,
                source_ref=data["source_ref"],
                files=files,
            )
            return Response(s.WorkOrderSerializer(order).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    def _act(self, request: Request, pk: str, transition: str) -> Response:
        self.get_object()
        data = _valid(s.ActSerializer, request.data)
        version = expected_version(request) if request.headers.get("If-Match") else None
        order = services.workorder_act(
            by=request.user,
            workorder_id=int(pk),
            transition=transition,
            note=data["note"],
            expected_version=version,
            files=request.FILES.getlist("files") if transition == "report" else [],
        )
        order = self.get_queryset().get(pk=order.pk)
        return with_etag(Response(s.WorkOrderSerializer(order).data), order.case)

    @extend_schema(request=s.ActSerializer, responses=s.WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        """The department accepts the work order."""
        return self._act(request, pk, "accept")

    @extend_schema(request=s.ActSerializer, responses=s.WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        return self._act(request, pk, "start")

    @extend_schema(request=s.ActSerializer, responses=s.WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: str) -> Response:
        """The department reports back: `note` is the report; `files` (multipart) the evidence."""
        return self._act(request, pk, "report")

    @extend_schema(request=s.ActSerializer, responses=s.WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        """The raiser confirms the problem is solved (closes the work order)."""
        return self._act(request, pk, "confirm")

    @extend_schema(request=s.ActSerializer, responses=s.WorkOrderSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        """The raiser sends it back: not solved (a note is required)."""
        return self._act(request, pk, "reopen")
