"""Work orders API: raise (idempotent), list and retrieve in scope. The department's and the
raiser's steps (accept, start, report with evidence, return, confirm, reopen) are the generic case
transitions: POST /api/v1/cases/{case}/{transition}/."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.api.conventions import ScopedViewSet, idempotent, with_etag
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.workorders import services
from jingwang.workorders.api import serializers as s
from jingwang.workorders.filters import WorkOrderFilterSet
from jingwang.workorders.models import WorkOrder
from jingwang.workorders.selectors import workorder_list


class WorkOrderViewSet(ScopedViewSet, mixins.ListModelMixin):
    """Work orders in scope: raisers and leaders by territory; department staff, their departments'."""

    model = WorkOrder
    audit_reads = True
    serializer_class = s.WorkOrderSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = WorkOrderFilterSet

    def get_queryset(self, action: str | None = None) -> Any:
        viewer, action = self.request.user, action or self.required_action()
        return workorder_list(viewer=viewer, action=action).prefetch_related("case__attachments")

    def retrieve(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        return with_etag(Response(s.WorkOrderSerializer(obj).data), obj.case)

    @extend_schema(request=s.RaiseSerializer, responses=s.WorkOrderSerializer)
    def create(self, request: Request) -> Response:
        """Blow the whistle (multipart with `files` for photos, or JSON); Idempotency-Key honoured."""
        raised = s.RaiseSerializer(data=request.data, context={"request": request})
        if not raised.is_valid():
            raise ServiceError("invalid", _("Some fields are invalid."), fields=raised.errors)
        files = request.FILES.getlist("files") if hasattr(request, "FILES") else []

        def make() -> Response:
            order = services.workorder_raise(by=actor(request), files=files, **raised.validated_data)
            return Response(s.WorkOrderSerializer(self.get_queryset("view").get(pk=order.pk)).data, status=201)

        return idempotent(request, make)
