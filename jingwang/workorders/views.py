"""Work order pages: raise from a phone, the department's inbox, the detail with its timeline."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from jingwang.audit.selectors import audit_read
from jingwang.casework.models import Case
from jingwang.casework.rules import available
from jingwang.casework.workflow import case_type
from jingwang.core import uploads
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.views import ScopedPageMixin
from jingwang.territory.selectors import grids_in_scope
from jingwang.workorders import services
from jingwang.workorders.casetype import KIND
from jingwang.workorders.forms import ActForm, RaiseForm
from jingwang.workorders.models import WorkOrder


def _form_errors(form: Any, exc: ServiceError) -> None:
    for field, errors in exc.fields.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
    if not exc.fields:
        form.add_error(None, str(exc.message))


class WorkOrderListView(ScopedPageMixin, View):
    """The department's inbox (orders to its departments) or, for raisers, the orders in scope."""

    model = WorkOrder

    def get(self, request: HttpRequest) -> HttpResponse:
        qs = (
            WorkOrder.objects.restrict(request.user)
            .select_related("case", "case__grid", "department")
            .order_by("-case__opened_at", "-id")
        )
        status = request.GET.get("status", "open")
        if status == "open":
            qs = qs.filter(case__closed_at__isnull=True)
        elif status == "mine":
            qs = qs.filter(Q(case__opened_by=request.user) | Q(department__members=request.user))
        elif status in case_type(KIND).states:
            qs = qs.filter(case__state=status)
        page = Paginator(qs, 30).get_page(request.GET.get("page"))
        audit_read(
            viewer=request.user,
            object_type="workorders.workorder",
            query=dict(request.GET.items()),
            result_count=len(page.object_list),
        )
        return render(
            request,
            "workorders/list.html",
            {
                "page": page,
                "status": status,
                "states": case_type(KIND).states.items(),
                "can_raise": grids_in_scope(request.user, WorkOrder, "add").exists(),
            },
        )


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
                    by=request.user,
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
    model = WorkOrder

    def _render(self, request: HttpRequest, order: WorkOrder, form: ActForm | None = None) -> HttpResponse:
        ct = case_type(KIND)
        return render(
            request,
            "workorders/detail.html",
            {
                "order": order,
                "case": order.case,
                "moves": list(available(order.case, request.user).transitions),
                "form": form or ActForm(initial={"version": order.case.version}),
                "evidence": list(order.evidence.all()),
                "steps": [
                    (code, label, code == order.case.state)
                    for code, label in ct.states.items()
                    if code != "reopened" or order.case.state == "reopened"
                ],
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        order = self.get_scoped_or_404(pk=pk)
        audit_read(viewer=request.user, object_type="workorders.workorder", object_id=str(pk))
        return self._render(request, order)

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        order = self.get_scoped_or_404(action="change", pk=pk)
        form = ActForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.workorder_act(
                    by=request.user,
                    workorder_id=order.pk,
                    transition=d["transition"],
                    note=d["note"] or "",
                    expected_version=d.get("version"),
                    files=d["photos"],
                )
            except ServiceError as exc:
                messages.error(request, str(exc.message))
                for errors in exc.fields.values():
                    for error in errors:
                        messages.error(request, str(error))
            else:
                messages.success(request, _("Done."))
                return redirect(order.get_absolute_url())
        order = self.get_scoped_or_404(pk=pk)
        return self._render(request, order, form)


class EvidenceView(ScopedPageMixin, View):
    """One evidence file, served only within the work order's scope, as uploads serve files."""

    model = WorkOrder

    def get(self, request: HttpRequest, pk: int, evidence_id: int) -> HttpResponseBase:
        self.get_scoped_or_404(pk=pk)
        try:
            item = services.evidence_read(by=request.user, evidence_id=evidence_id)
        except NotFound:
            raise Http404 from None
        if item.workorder_id != pk:
            raise Http404
        return uploads.file_response(item.file.name, content_type=item.detected_type, filename=item.name)
