from __future__ import annotations

from typing import Any

from rest_framework import mixins
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.api.conventions import ScopedViewSet
from jingwang.api.pagination import DefaultCursorPagination
from jingwang.audit.api.serializers import AuditEventSerializer
from jingwang.audit.filters import AuditEventFilterSet
from jingwang.audit.models import AuditEvent
from jingwang.audit.selectors import audit_read_logged
from jingwang.audit.services import audit_seal


class AuditPagination(DefaultCursorPagination):
    ordering = "-id"


class AuditEventViewSet(ScopedViewSet, mixins.ListModelMixin):
    """The audit trail, for the audit administrator only; each read leaves an event of its own."""

    model = AuditEvent
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilterSet
    pagination_class = AuditPagination
    http_method_names = ["get", "head", "options"]

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit_seal()  # so that every event listed already has its place in the chain
        response = super().list(request, *args, **kwargs)
        audit_read_logged(
            viewer=request.user,
            query=dict(request.query_params.items()),
            result_count=len(response.data.get("results", [])),
        )
        return response

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        """A count of events is a read of the trail too, and audited like the list."""
        if self.action == "count" and response.status_code == 200:
            audit_read_logged(
                viewer=request.user,
                query={**request.query_params.dict(), "count": True},
                result_count=int(response.data["count"]),
            )
        return super().finalize_response(request, response, *args, **kwargs)

    def retrieve(self, request: Request, pk: str) -> Response:
        event = self.get_object()
        audit_read_logged(viewer=request.user, query={}, result_count=1, object_id=str(event.pk))
        return Response(AuditEventSerializer(event).data)
