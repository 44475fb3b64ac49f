"""The audit administrator's pages: search, one event, chain verification. Reads are audited
(reading the trail is itself an `audit.read` event)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from jingwang.audit.filters import AuditEventFilterSet
from jingwang.audit.models import AuditEvent
from jingwang.audit.selectors import audit_read_logged
from jingwang.audit.services import audit_seal, audit_verify
from jingwang.web.generic import ObjectListView, ObjectView, ScopedPage


class AuditTrailPage(ScopedPage):
    model = AuditEvent

    def audit(
        self,
        *,
        query: Mapping[str, Any] | None = None,
        count: int | None = None,
        object_id: str = "",
        object_type: str = "",
    ) -> None:
        audit_read_logged(
            viewer=self.request.user,
            query=dict(query or {}),
            result_count=1 if count is None else count,
            object_id=object_id,
        )


class AuditListView(AuditTrailPage, ObjectListView):
    url_name = "audit:list"
    filterset_class = AuditEventFilterSet
    template_name = "audit/list.html"

    def refine(self, queryset: Any) -> Any:
        return queryset.order_by("-id")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        audit_seal()  # so that every event listed already has its place in the chain
        return super().get(request, *args, **kwargs)


class AuditDetailView(AuditTrailPage, ObjectView):
    url_name = "audit:detail"
    template_name = "audit/detail.html"
    context_object_name = "event"


class AuditVerifyView(AuditTrailPage):
    def post(self, request: HttpRequest) -> HttpResponse:
        result = audit_verify()
        self.audit(query={"verify": True}, count=result.checked)
        return render(request, "audit/verify.html", {"result": result})
