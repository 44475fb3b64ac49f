"""Work order pages: raise from a phone, the department's inbox, the detail with its timeline."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from jingwang.audit.selectors import audit_read
from jingwang.casework.models import Case
from jingwang.core import uploads
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.types import actor
from jingwang.core.views import ScopedPageMixin
from jingwang.territory.selectors import grids_in_scope
from jingwang.workorders import services
from jingwang.workorders.casetype import STATES
from jingwang.workorders.filters import WorkOrderFilterSet
from jingwang.workorders.forms import RaiseForm
from jingwang.workorders.models import WorkOrder
from jingwang.workorders.selectors import workorder_list

MAIN_STEPS = ("raised", "accepted", "in_progress", "reported", "confirmed")


def _form_errors(form: Any, exc: ServiceError) -> None:
    for field, errors in exc.fields.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
    if not exc.fields:
        form.add_error(None, str(exc.message))


class WorkOrderListView(ScopedPageMixin, View):
    """The department's inbox (orders to its departments) or, for raisers, the orders in scope;
    filtered as the API filters (open orders when nothing is chosen)."""

    model = WorkOrder

    def get(self, request: HttpRequest) -> HttpResponse:
        data = request.GET if request.GET else QueryDict("open=true")
        filters = WorkOrderFilterSet(data, queryset=workorder_list(viewer=request.user), request=request)
        page = Paginator(filters.qs, 30).get_page(request.GET.get("page"))
        audit_read(
            viewer=request.user, object_type="workorders.workorder", query=dict(data.items()), result_count=len(page)
        )
        context = {
            "page": page,
            "filters": filters,
            "can_raise": grids_in_scope(request.user, WorkOrder, "add").exists(),
        }
        return render(request, "workorders/list.html", context)


class RaiseView(ScopedPageMixin, View):
    model = WorkOrder
    required_action = "add"

    def _render(self, request: HttpRequest, form: RaiseForm) -> HttpResponse:
        return render(request, "workorders/raise.html", {"form": form})

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {k: request.GET[k] for k in ("source_kind", "source_number", "title") if k in request.GET}
        return self._render(request, RaiseForm(initial=initial, grids=grids_in_scope(request.user, WorkOrder, "add")))

    def post(self, request: HttpRequest) -> HttpResponseBase:
        form = RaiseForm(request.POST, request.FILES, grids=grids_in_scope(request.user, WorkOrder, "add"))
        if form.is_valid():
            d = form.cleaned_data
            source_case = None
            if d["source_number"].strip():
                source_case = Case.objects.restrict(request.user).filter(number=d["source_number"].strip()).first()
                if source_case is None:
                    form.add_error("source_number", _("Unknown case."))
                    return self._render(request, form)
            try:
                order = services.workorder_raise(
                    by=actor(request),
                    grid=d["grid"],
                    department=d["department"],
                    title=d["title"],
                    description=d["description"],
                    location=d["location"],
                    urgency=d["urgency"],
                    source_kind=d["source_kind"],
                    source_case=source_case,
                    files=d["photos"],
                )
            except ServiceError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Whistle blown: the department has been told."))
                return redirect(order.get_absolute_url())
        return self._render(request, form)


class WorkOrderDetailView(ScopedPageMixin, View):
    """The order, its steps and evidence; the actions are the case type's (casework partials)."""

    model = WorkOrder

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        order = self.get_scoped_or_404(pk=pk)
        audit_read(viewer=request.user, object_type="workorders.workorder", object_id=str(pk))
        state = order.case.state
        steps = [(code, label, code == state) for code, label in STATES.items() if code in MAIN_STEPS or code == state]
        context = {"order": order, "case": order.case, "evidence": list(order.evidence.all()), "steps": steps}
        return render(request, "workorders/detail.html", context)


class EvidenceView(ScopedPageMixin, View):
    """One evidence file, served only within the work order's scope, as uploads serve files."""

    model = WorkOrder

    def get(self, request: HttpRequest, pk: int, evidence_id: int) -> HttpResponseBase:
        self.get_scoped_or_404(pk=pk)
        try:
            item = services.evidence_read(by=actor(request), evidence_id=evidence_id)
        except NotFound:
            raise Http404 from None
        if item.workorder_id != pk:
            raise Http404
        return uploads.file_response(item.file.name, content_type=item.detected_type, filename=item.name)
