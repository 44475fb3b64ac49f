"""Hazard pages (phone-first): the list, the hazard with its photos and the case type's actions,
and the report form that takes the device's location."""

from __future__ import annotations

from typing import Any

from django.forms import BaseForm
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from jingwang.casework.columns import CaseColumn
from jingwang.core.types import actor
from jingwang.hazards import services
from jingwang.hazards.filters import HazardFilterSet
from jingwang.hazards.forms import HazardReportForm
from jingwang.hazards.models import Hazard
from jingwang.territory.selectors import grids_in_scope
from jingwang.web.generic import Action, Column, ObjectEditView, ObjectListView, ObjectView


class HazardListView(ObjectListView):
    model = Hazard
    url_name = "hazards:list"
    title = _("Safety hazards (安全隐患)")
    filterset_class = HazardFilterSet
    table_testid = "hazards"
    empty_message = _("No hazards.")
    columns = (
        Column("case.number", _("Number"), link="hazards:detail", mono=True, title=True),
        Column("category.name", _("Category")),
        Column("place", _("Place")),
        CaseColumn("case", _("State"), badge="info"),
        CaseColumn("case", _("Deadline"), show="deadline"),
        Column("case.grid.name", _("Grid")),
    )
    export_columns = [
        ("case__number", _("number")),
        ("category__name", _("category")),
        ("place", _("place")),
        ("case__state", _("state")),
        ("rectify_by", _("rectify by")),
        ("case__grid__name", _("grid")),
    ]
    actions = (
        Action(_("Report a hazard"), "hazards:report", "add", "get", "primary", with_pk=False, testid="report-link"),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("case__grid", "category").order_by("-case__opened_at", "-pk")

    def filter_params(self) -> QueryDict:
        return super().filter_params() or QueryDict("open=true")


class HazardView(ObjectView):
    """The hazard on a phone: what, where, who must rectify by when, the photos, the actions."""

    model = Hazard
    url_name = "hazards:detail"
    template_name = "hazards/hazard.html"
    context_object_name = "hazard"
    heading_testid = "case-number"
    fields = (
        Column("category.name", _("Category")),
        Column("category.legal_basis", _("Legal basis")),
        Column("place", _("Place")),
        Column("serious", _("Serious")),
        Column("responsible_kind", _("Responsible party")),
        Column("responsible_name", _("Responsible party's name")),
        Column("rectify_by", _("Rectify by"), date_format="Y-m-d H:i"),
        Column("handed_over_at", _("Handed over"), date_format="Y-m-d H:i"),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("case", "category", "workorder__case")

    def get_context(self, obj: Hazard) -> dict[str, Any]:
        return {"case": obj.case}


class HazardReportView(ObjectEditView):
    model = Hazard
    url_name = "hazards:report"
    required_action = "add"
    template_name = "hazards/report.html"
    title = _("Report a hazard")
    submit_label = _("Report")
    success_message = _("Hazard reported.")
    testid = "hazard"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return HazardReportForm(data, files, grids=grids_in_scope(self.request.user, Hazard, "add"))

    def save(self, form: BaseForm, obj: Any) -> Hazard:
        d = form.cleaned_data
        return services.hazard_report(
            by=actor(self.request),
            grid=d["grid"],
            category=d["category"],
            description=d["description"],
            place=d["place"],
            serious=d["serious"],
            lat=d["lat"],
            lon=d["lon"],
            files=d["photos"],
        )

    def success_url(self, result: Hazard) -> str:
        return result.get_absolute_url()
