"""Casework pages: my cases and the overdue list, the generic case page, and one POST endpoint
for the case actions every case type's page shares (the forms in partials/actions.html)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from jingwang.audit.selectors import audit_read
from jingwang.audit.services import audit_denied, request_route
from jingwang.casework import attachments, catalogue, filters, moves, selectors, services
from jingwang.casework.columns import CaseColumn
from jingwang.casework.forms import DeadlinePolicyForm, DepartmentForm
from jingwang.casework.models import Case, DeadlinePolicy, Department
from jingwang.casework.workflow import case_types
from jingwang.core.access import model_label
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.types import actor
from jingwang.core.views import ScopedPageMixin
from jingwang.web.generic import Column, ObjectListView, ObjectView


class CaseListView(ObjectListView):
    """My cases, the overdue list (for leaders), or every case in scope, filtered as the API
    filters (CaseFilterSet); with nothing chosen, my open cases."""

    model = Case
    url_name = "casework:list"
    title = gettext_lazy("Cases")
    filterset_class = filters.CaseFilterSet
    table_testid = "cases"
    empty_message = gettext_lazy("No cases.")
    columns = (
        Column("number", gettext_lazy("Number"), link="casework:detail", mono=True, title=True),
        Column("title", gettext_lazy("Title")),
        CaseColumn("", gettext_lazy("Case type"), show="kind"),
        CaseColumn("", gettext_lazy("State"), badge="info"),
        CaseColumn("", gettext_lazy("Deadline"), show="deadline"),
        Column("grid.name", gettext_lazy("Grid")),
        Column("assignee.display_name", gettext_lazy("Assignee")),
        Column("leader.display_name", gettext_lazy("Leader in charge (包案)")),
    )

    def queryset(self, action: str | None = None) -> Any:
        return selectors.case_list(viewer=self.request.user, action=action or self.required_action)

    def filter_params(self) -> QueryDict:
        return super().filter_params() or QueryDict("show=mine&open=true")


class CaseDetailView(ObjectView):
    """Any case type's page: its facts, the actions the case type offers this user, the timeline."""

    model = Case
    url_name = "casework:detail"
    template_name = "casework/detail.html"
    context_object_name = "case"
    heading_testid = "case-number"
    fields = (
        CaseColumn("", gettext_lazy("Case type"), show="kind"),
        CaseColumn("", gettext_lazy("State"), badge="info"),
        Column("level", gettext_lazy("Level")),
        Column("urgency", gettext_lazy("Urgency")),
        Column("grid.name", gettext_lazy("Grid")),
        Column("assignee.display_name", gettext_lazy("Assignee")),
        Column("leader.display_name", gettext_lazy("Leader in charge (包案)")),
        Column("handler_user.display_name", gettext_lazy("Referred to")),
        Column("handler_department.name", gettext_lazy("Referred to")),
        Column("opened_at", gettext_lazy("Opened"), date_format="Y-m-d H:i"),
    )


def _safe_next(request: HttpRequest, case: Case) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return services.case_url(case)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CaseAttachmentView(ScopedPageMixin, View):
    """One file kept with a case, served only within the case's scope (the read is audited)."""

    model = Case

    def get(self, request: HttpRequest, pk: int, attachment_id: int) -> HttpResponseBase:
        self.get_scoped_or_404(pk=pk)
        try:
            return attachments.attachment_response(by=request.user, case_id=pk, attachment_id=attachment_id)
        except NotFound:
            raise Http404 from None


class CaseActionView(ScopedPageMixin, View):
    """POST one action on a case; back to `next` with a message."""

    model = Case
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        case = self.get_scoped_or_404(pk=pk)
        action, data, by = request.POST.get("action", ""), request.POST, actor(request)
        try:
            if action == "transition":
                given = data.copy()
                given.setlist("files", request.FILES.getlist("files"))  # type: ignore[arg-type]
                version = _int(data.get("version"))
                moves.case_move(
                    by=by, case=case, transition=data.get("transition", ""), data=given, expected_version=version
                )
                messages.success(request, _("Done."))
            elif action == "comment":
                services.case_comment(by=by, case_id=case.pk, text=data.get("text", ""))
                messages.success(request, _("Comment added."))
            elif action == "supervise":
                services.case_supervise(by=by, case_id=case.pk, comment=data.get("comment", ""))
                messages.success(request, _("Supervision recorded and sent."))
            elif action == "take_over":
                services.case_take_over(by=by, case_id=case.pk, note=data.get("note", ""))
                messages.success(request, _("You now lead this case."))
            elif action == "request_delay":
                hours = _int(data.get("hours"))
                services.case_request_delay(by=by, case_id=case.pk, hours=hours or 0, reason=data.get("reason", ""))
                messages.success(request, _("Delay requested."))
            elif action == "decide_delay":
                services.case_decide_delay(
                    by=by,
                    request_id=_int(data.get("request")) or 0,
                    approve=data.get("approve") == "1",
                    note=data.get("note", ""),
                )
                messages.success(request, _("Decision recorded."))
            else:
                messages.error(request, _("Unknown action."))
        except ServiceError as exc:
            if exc.status == 403:  # a refusal shown as a message on the page is still audited
                audit_denied(
                    actor=by,
                    object_type=model_label(Case),
                    object_id=str(case.pk),
                    details={"reason": exc.code, "action": action, "route": request_route(request)},
                )
            messages.error(request, str(exc.message))
            for problems in exc.fields.values():
                for problem in problems:
                    messages.error(request, str(problem))
        return redirect(_safe_next(request, case))


# Settings the system administrator keeps: departments and deadline policies. The pages call the
# same services as the API (which check the role again and write the audit).


def _form_errors(form: forms.Form, exc: ServiceError) -> None:
    for name, errors in exc.fields.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, str(error))
    if not exc.fields:
        form.add_error(None, str(exc.message))


class DepartmentListView(ScopedPageMixin, View):
    model = Department
    required_action = "change"

    def get(self, request: HttpRequest) -> HttpResponse:
        departments = list(self.scoped().prefetch_related("members"))
        audit_read(viewer=request.user, object_type="casework.department", result_count=len(departments))
        return render(request, "casework/departments.html", {"departments": departments})


class DepartmentEditView(ScopedPageMixin, View):
    """Create (no pk) or edit a department and its members."""

    model = Department
    required_action = "change"

    def _render(self, request: HttpRequest, form: DepartmentForm, dept: Department | None) -> HttpResponse:
        return render(request, "casework/department_form.html", {"form": form, "department": dept})

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        dept = self.get_scoped_or_404(pk=pk) if pk is not None else None
        form = DepartmentForm(initial=DepartmentForm.initial_for(dept)) if dept else DepartmentForm()
        return self._render(request, form, dept)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
        dept = self.get_scoped_or_404(pk=pk) if pk is not None else None
        form = DepartmentForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                with transaction.atomic():
                    saved = catalogue.department_save(
                        by=actor(request),
                        department_id=dept.pk if dept else None,
                        expected_version=d["version"] if dept else None,
                        data={k: d[k] for k in catalogue.DEPARTMENT_FIELDS},
                    )
                    if {u.pk for u in d["members"]} != set(saved.members.values_list("pk", flat=True)):
                        catalogue.department_set_members(
                            by=actor(request), department_id=saved.pk, members=d["members"]
                        )
            except ServiceError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("casework:departments")
        return self._render(request, form, dept)


class DeadlinePolicyListView(ScopedPageMixin, View):
    model = DeadlinePolicy
    required_action = "change"

    def get(self, request: HttpRequest) -> HttpResponse:
        policies = sorted(self.scoped(), key=lambda p: (p.kind, p.stage, p.level, p.urgency))
        labels = {t.code: t.label for t in case_types()}
        rows = [(p, labels.get(p.kind, p.kind)) for p in policies]
        return render(request, "casework/policies.html", {"rows": rows})


class DeadlinePolicyEditView(ScopedPageMixin, View):
    """Create (no pk) or edit a deadline policy."""

    model = DeadlinePolicy
    required_action = "change"

    def _render(self, request: HttpRequest, form: DeadlinePolicyForm, policy: DeadlinePolicy | None) -> HttpResponse:
        return render(request, "casework/policy_form.html", {"form": form, "policy": policy})

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        policy = self.get_scoped_or_404(pk=pk) if pk is not None else None
        initial = {f: getattr(policy, f) for f in (*catalogue.POLICY_FIELDS, "version")} if policy else {}
        return self._render(request, DeadlinePolicyForm(initial=initial), policy)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
        policy = self.get_scoped_or_404(pk=pk) if pk is not None else None
        form = DeadlinePolicyForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                catalogue.deadline_policy_save(
                    by=actor(request),
                    policy_id=policy.pk if policy else None,
                    expected_version=d["version"] if policy else None,
                    data={k: d[k] for k in catalogue.POLICY_FIELDS},
                )
            except ServiceError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Saved. New deadlines apply to stages that start from now on."))
                return redirect("casework:policies")
        return self._render(request, form, policy)
