"""Work orders API: raise (idempotent), list and retrieve in scope. The department's and the
raiser's steps (accept, start, report with evidence, return, confirm, reopen) are the generic case
transitions: POST /api/v1/cases/{case}/{transition}/."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.api.conventions import ScopedViewSet, idempotent, with_etag
from jingwang.casework.models import Case, Department
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.territory.models import Node, NodeKind
from jingwang.workorders import services
from jingwang.workorders.api import serializers as s
from jingwang.workorders.filters import WorkOrderFilterSet
from jingwang.workorders.models import WorkOrder
from jingwang.workorders.selectors import workorder_list


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
    filterset_class = WorkOrderFilterSet

    def get_queryset(self) -> Any:
        return workorder_list(viewer=self.request.user, action=self.required_action()).prefetch_related("evidence")

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
                by=actor(request),
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
