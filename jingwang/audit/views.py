"""The audit administrator's pages: search, one event, chain verification. Reads are audited."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from jingwang.audit.filters import AuditEventFilterSet
from jingwang.audit.models import AuditEvent
from jingwang.audit.selectors import audit_read_logged
from jingwang.audit.services import audit_seal, audit_verify
from jingwang.core.views import ScopedPageMixin


class AuditListView(ScopedPageMixin, View):
    model = AuditEvent

    def get(self, request: HttpRequest) -> HttpResponse:
        audit_seal()  # so that every event listed already has its place in the chain
        filters = AuditEventFilterSet(request.GET or None, queryset=self.scoped().order_by("-id"))
        page = Paginator(filters.qs, 50).get_page(request.GET.get("page"))
        audit_read_logged(viewer=request.user, query=dict(request.GET.items()), result_count=len(page.object_list))
        return render(request, "audit/list.html", {"filters": filters, "page": page})


class AuditDetailView(ScopedPageMixin, View):
    model = AuditEvent

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = self.get_scoped_or_404(pk=pk)
        audit_read_logged(viewer=request.user, query={}, result_count=1, object_id=str(pk))
        return render(request, "audit/detail.html", {"event": event})


class AuditVerifyView(ScopedPageMixin, View):
    model = AuditEvent

    def post(self, request: HttpRequest) -> HttpResponse:
        result = audit_verify()
        audit_read_logged(viewer=request.user, query={"verify": True}, result_count=result.checked)
        return render(request, "audit/verify.html", {"result": result})
