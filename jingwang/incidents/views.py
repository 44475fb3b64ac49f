"""Incident pages, declared on the generic pages: the list (filtered as the API filters, with its
export), the incident, and the file import with its dry run."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.incidents.filters import IncidentFilterSet
from jingwang.incidents.forms import ImportForm
from jingwang.incidents.imports import import_upload
from jingwang.incidents.models import Incident
from jingwang.incidents.selectors import incident_list
from jingwang.web.generic import Action, Column, ObjectListView, ObjectView, ScopedPage, service_error_to_form


class IncidentListView(ObjectListView):
    model = Incident
    url_name = "incidents:list"
    title = _("Incidents (警情)")
    filterset_class = IncidentFilterSet
    paginate_by = 50
    table_testid = "incidents"
    empty_message = _("No incidents.")
    columns = (
        Column("number", _("Incident number"), link="incidents:detail", mono=True, title=True),
        Column("occurred_at", _("Occurred"), date_format="Y-m-d H:i"),
        Column("category.name", _("Category")),
        Column("place_text", _("Place")),
        Column("grid.name", _("Grid")),
        Column("outcome", _("Outcome")),
    )
    export_columns = [
        ("number", _("incident number")),
        ("occurred_at", _("occurred at")),
        ("reported_at", _("reported at")),
        ("category__code", _("category code")),
        ("category__name", _("category")),
        ("category__preventable", _("preventable")),
        ("place_text", _("place")),
        ("address__canonical", _("standard address")),
        ("grid__code", _("grid code")),
        ("grid__name", _("grid")),
        ("outcome", _("outcome")),
        ("caller_name", _("caller")),
        ("caller_phone_masked", _("caller phone")),
        ("victim_name", _("victim")),
        ("victim_id_masked", _("victim ID number")),
    ]
    actions = (Action(_("Import incidents"), "incidents:import", permission="add", method="get", with_pk=False),)

    def queryset(self, action: str | None = None) -> Any:
        return incident_list(viewer=self.request.user, action=action or self.required_action)


class IncidentView(ObjectView):
    model = Incident
    url_name = "incidents:detail"
    template_name = "incidents/incident.html"  # the generic record, with what followed (return visit, case)
    fields = (
        Column("number", _("Incident number"), mono=True),
        Column("occurred_at", _("Occurred"), date_format="Y-m-d H:i"),
        Column("reported_at", _("Reported"), date_format="Y-m-d H:i"),
        Column("category.name", _("Category")),
        Column("category.kind", _("Kind"), display=lambda i: i.category.get_kind_display()),
        Column("category.preventable", _("Preventable")),
        Column("place_text", _("Place (as reported)")),
        Column("address.canonical", _("Standard address")),
        Column("grid.name", _("Grid")),
        Column("outcome", _("Outcome")),
        Column("outcome_note", _("Outcome (as reported)")),
        Column("summary", _("Summary")),
        Column("caller_name", _("Caller")),
        Column("caller_id_masked", _("Caller ID number"), mono=True),
        Column("caller_phone_masked", _("Caller phone"), mono=True),
        Column("victim_name", _("Victim")),
        Column("victim_id_masked", _("Victim ID number"), mono=True),
        Column("victim_phone_masked", _("Victim phone"), mono=True),
        Column("source", _("Source")),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("category", "grid", "address")


class IncidentImportView(ScopedPage):
    """Upload a file of incidents; a dry run shows what would be imported and every bad row."""

    model = Incident
    url_name = "incidents:import"
    required_action = "add"
    title = _("Import incidents")
    audit_reads = False
    PROBLEMS_SHOWN = 500

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "incidents/import.html", {"form": ImportForm(), "title": self.get_title()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        report: dict[str, Any] | None = None
        if form.is_valid():
            try:
                result = import_upload(
                    by=actor(request), upload=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
                )
            except ServiceError as exc:
                service_error_to_form(form, exc)
            else:
                report = {"result": result, "problems": result.problems[: self.PROBLEMS_SHOWN]}
        return render(request, "incidents/import.html", {"form": form, "report": report, "title": self.get_title()})
