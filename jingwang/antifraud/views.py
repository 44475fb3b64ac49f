"""Anti-fraud pages, phone first: the warnings in scope, a warning with its dissuasion case (the
engine's actions: sign, call, face to face, outcome), entry by hand, the duty officer's routing
and the figures per station. Every read is audited with the anti-fraud purpose."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from jingwang.antifraud import selectors, services
from jingwang.antifraud.filters import WarningFilterSet
from jingwang.antifraud.forms import RouteForm, WarningForm
from jingwang.antifraud.models import PURPOSE, Routing, Source, Warning
from jingwang.casework.columns import state_label
from jingwang.core.types import actor
from jingwang.territory.selectors import grids_in_scope
from jingwang.web.generic import Action, Column, ObjectEditView, ObjectListView, ObjectView, ScopedPage


class Personal:
    audit_purpose = PURPOSE


def _state(w: Warning) -> str:
    if w.case is not None and w.routing == Routing.OFFICER:
        return state_label(w.case)
    return str(w.get_routing_display())


class WarningListView(Personal, ObjectListView):
    model = Warning
    url_name = "antifraud:list"
    title = _("Fraud warnings")
    filterset_class = WarningFilterSet
    selector = staticmethod(selectors.warning_list)
    table_testid = "warnings"
    empty_message = _("No warnings.")
    columns = (
        Column("shown_name", _("Person"), link="antifraud:detail", title=True),
        Column("risk", _("Risk level"), badge="warn"),
        Column("fraud_type.name", _("Fraud type")),
        Column("state", _("State"), display=_state),
        Column("phone_masked", _("Phone"), mono=True),
        Column("officer.display_name", _("Officer")),
        Column("received_at", _("Received at"), date_format="Y-m-d H:i"),
    )
    export_columns = [
        ("reference", _("reference")),
        ("risk", _("risk level")),
        ("fraud_type__name", _("fraud type")),
        ("routing", _("routing")),
        ("outcome", _("outcome")),
        ("received_at", _("received at")),
        ("first_contact_at", _("first contact at")),
    ]
    actions = (
        Action(_("Enter a warning"), "antifraud:add", "add", "get", "primary", with_pk=False, testid="add-warning"),
        Action(_("Figures"), "antifraud:figures", "figures", "get", with_pk=False),
    )


class WarningView(Personal, ObjectView):
    model = Warning
    url_name = "antifraud:detail"
    template_name = "antifraud/warning.html"
    context_object_name = "warning"
    heading_testid = "warning-heading"
    fields = (
        Column("shown_name", _("Person")),
        Column("phone_masked", _("Phone"), mono=True),
        Column("id_number_masked", _("ID number"), mono=True),
        Column("risk", _("Risk level")),
        Column("fraud_type.name", _("Fraud type")),
        Column("source", _("Source")),
        Column("warned_at", _("Warned at"), date_format="Y-m-d H:i"),
        Column("routing", _("Routing")),
        Column("routing_reason", _("Routing reason")),
        Column("officer.display_name", _("Officer")),
        Column("outcome", _("Outcome"), badge="info"),
        Column("defrauded_amount", _("Amount lost (yuan)")),
        Column("details", _("Details")),
    )
    actions = (
        Action(_("Send to a grid's officer"), "antifraud:route", "route", "get", "primary",
               when=lambda w: w.routing != Routing.OFFICER, testid="route"),
    )  # fmt: skip

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("fraud_type", "case", "officer")

    def get_context(self, obj: Warning) -> dict[str, Any]:
        case = obj.case if obj.routing == Routing.OFFICER else None
        return {"case": case, "checklist": obj.checklist, "contacts": obj.contacts,
                "protections": list(obj.protections.all())}  # fmt: skip


class WarningAddView(ObjectEditView):
    model = Warning
    url_name = "antifraud:add"
    required_action = "add"
    form_class = WarningForm
    title = _("Enter a warning")
    submit_label = _("Receive and route")
    success_message = _("Warning received and routed.")
    testid = "warning"

    def save(self, form: BaseForm, obj: Any) -> Warning:
        d = form.cleaned_data
        row = services.WarningRow(
            reference=d["reference"], risk=d["risk"], fraud_type=d["fraud_type"].code, name=d["name"],
            id_number=d["id_number"], phone=d["phone"], details=d["details"],
        )  # fmt: skip
        received = services.warnings_receive(by=actor(self.request), rows=[row], source=Source.ENTRY)
        return received.warnings[0]

    def success_url(self, result: Warning) -> str:
        return result.get_absolute_url()


class WarningRouteView(ObjectEditView):
    model = Warning
    url_name = "antifraud:route"
    required_action = "route"
    title = _("Send to a grid's officer")
    submit_label = _("Send")
    success_message = _("Sent to the grid's community officer.")
    testid = "route"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return RouteForm(data, grids=grids_in_scope(self.request.user, Warning, "route"))

    def save(self, form: BaseForm, obj: Warning) -> Warning:
        return services.warning_route(by=actor(self.request), warning_id=obj.pk, grid=form.cleaned_data["grid"])

    def success_url(self, result: Warning) -> str:
        return result.get_absolute_url()


class FiguresView(Personal, ScopedPage):
    """Figures per station and period (default: the last 30 days)."""

    model = Warning
    url_name = "antifraud:figures"
    required_action = "figures"
    template_name = "antifraud/figures.html"
    title = _("Fraud dissuasion figures")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        today = timezone.localdate()
        start = parse_date(request.GET.get("from", "") or "") or today - timedelta(days=30)
        end = parse_date(request.GET.get("to", "") or "") or today
        if end < start:
            start, end = end, start
        rows = selectors.figures(viewer=request.user, start=start, end=end)
        self.audit(query={"from": start.isoformat(), "to": end.isoformat()}, count=len(rows))
        return render(request, self.template_name, {"title": self.title, "rows": rows, "start": start, "end": end})
