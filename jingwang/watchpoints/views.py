"""The watch points' pages: the list with its map, a watch point (a keeper reports from it on a
phone), adding one, and the reports the officers receive."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import has_permission
from jingwang.core.types import actor
from jingwang.territory.selectors import grids_in_scope
from jingwang.watchpoints import selectors, services
from jingwang.watchpoints.filters import ReportFilterSet, WatchPointFilterSet
from jingwang.watchpoints.forms import ReportForm, WatchPointForm
from jingwang.watchpoints.models import Report, WatchPoint
from jingwang.web.generic import (
    Action,
    Column,
    ObjectEditView,
    ObjectListView,
    ObjectView,
    RecordActionView,
)


class WatchPointListView(ObjectListView):
    model = WatchPoint
    url_name = "watchpoints:list"
    title = _("Watch points")
    template_name = "watchpoints/list.html"
    selector = staticmethod(selectors.watchpoint_list)
    filterset_class = WatchPointFilterSet
    audit_reads = False  # places open to the public
    columns = (
        Column("name", _("Name"), link="watchpoints:detail", title=True),
        Column("kind", _("Kind of place")),
        Column("function_labels", _("Functions")),
        Column("opening_hours", _("Opening hours")),
        Column("grid.name", _("Grid")),
        Column("keeper.display_name", _("Contact person")),
    )
    export_columns = [("name", _("name")), ("kind", _("kind")), ("address", _("address")), ("grid__name", _("grid"))]
    actions = (Action(_("New watch point"), "watchpoints:add", permission="add", method="get", with_pk=False),)
    table_testid = "watchpoints"

    def refine(self, queryset: Any) -> Any:
        return queryset.filter(is_active=True).order_by("name")

    def get_context(self, **context: Any) -> dict[str, Any]:
        return {**context, "points": services.map_points(context["rows"])}


class WatchPointView(ObjectView):
    model = WatchPoint
    url_name = "watchpoints:detail"
    template_name = "watchpoints/watchpoint.html"
    selector = staticmethod(selectors.watchpoint_list)
    audit_reads = False
    fields = (
        Column("kind", _("Kind of place")),
        Column("function_labels", _("Functions")),
        Column("opening_hours", _("Opening hours")),
        Column("address", _("Address")),
        Column("grid.name", _("Grid")),
        Column("keeper.display_name", _("Contact person")),
    )

    def get_context(self, obj: Any) -> dict[str, Any]:
        return {
            "report_form": ReportForm(),
            "can_report": has_permission(self.request.user, Report, "add"),
            "reports": list(obj.reports.select_related("reported_by")[:20]),
        }


class WatchPointAddView(ObjectEditView):
    model = WatchPoint
    required_action = "add"
    url_name = "watchpoints:add"
    title = _("New watch point")
    testid = "watchpoint-add"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return WatchPointForm(data, grids=grids_in_scope(self.request.user, WatchPoint, "add"))

    def save(self, form: BaseForm, obj: Any) -> Any:
        d = form.cleaned_data
        return services.watchpoint_create(
            by=actor(self.request),
            name=d["name"],
            kind=d["kind"],
            functions=list(d["functions"]),
            address=d["address"],
            grid_id=d["grid"],
            opening_hours=d["opening_hours"],
            keeper_username=d["keeper_username"],
            lon=d["lon"],
            lat=d["lat"],
        )

    def success_url(self, result: Any) -> str:
        return reverse("watchpoints:detail", args=[result.pk])


class ReportAddView(RecordActionView):
    """A keeper's report from the watch point's page (a phone); the pk is the watch point's."""

    model = Report
    required_action = "add"
    form_class = ReportForm
    success_message = _("Reported. The community officer has been told.")
    redirect_to = "watchpoints:detail"

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> None:
        services.report_create(by=actor(request), watch_point_id=pk, kind=data["kind"], text=data["text"])


class ReportListView(ObjectListView):
    model = Report
    url_name = "watchpoints:reports"
    title = _("Watch point reports")
    selector = staticmethod(selectors.report_list)
    filterset_class = ReportFilterSet
    columns = (
        Column("text", _("Details"), link="watchpoints:report", title=True),
        Column("kind", _("Kind"), badge="warn"),
        Column("watch_point.name", _("Watch point")),
        Column("reported_at", _("Reported at"), date_format="Y-m-d H:i"),
        Column("handled_at", _("Handled at"), date_format="Y-m-d H:i"),
    )
    table_testid = "reports"

    def refine(self, queryset: Any) -> Any:
        return queryset.order_by("-id")


class ReportView(ObjectView):
    model = Report
    url_name = "watchpoints:report"
    selector = staticmethod(selectors.report_list)
    fields = (
        Column("kind", _("Kind")),
        Column("text", _("Details")),
        Column("watch_point.name", _("Watch point")),
        Column("watch_point.address", _("Address")),
        Column("reported_by.display_name", _("Reported by")),
        Column("reported_at", _("Reported at"), date_format="Y-m-d H:i"),
        Column("handled_at", _("Handled at"), date_format="Y-m-d H:i"),
    )
    actions = (
        Action(
            _("Mark handled"), "watchpoints:report-handle", permission="change", when=lambda r: r.handled_at is None
        ),
    )


class ReportHandleView(RecordActionView):
    model = Report
    redirect_to = "watchpoints:report"

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> None:
        services.report_handle(by=actor(request), report_id=pk)
