"""Home visit pages (phone-first): the visits, a visit, recording one, and the week's figures per
officer (visits and half-days in the community against their targets, from the records)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.casework.columns import state_label
from jingwang.core.types import actor
from jingwang.hazards.models import Hazard
from jingwang.registry.models import Address, Unit
from jingwang.territory.selectors import grids_in_scope
from jingwang.visits import services
from jingwang.visits.filters import VisitFilterSet
from jingwang.visits.forms import VisitForm, WeekForm
from jingwang.visits.models import Visit
from jingwang.visits.selectors import field_week, week_start
from jingwang.web.generic import Action, Column, ObjectEditView, ObjectListView, ObjectView, ScopedPage


class VisitListView(ObjectListView):
    model = Visit
    url_name = "visits:list"
    title = _("Home visits (入户走访)")
    filterset_class = VisitFilterSet
    table_testid = "visits"
    empty_message = _("No home visits.")
    columns = (
        Column("place_name", _("Place"), link="visits:detail", title=True),
        Column("purpose", _("Purpose")),
        Column("visited_at", _("Visited at"), date_format="m-d H:i"),
        Column("officer.display_name", _("Visited by")),
        Column("grid.name", _("Grid")),
    )
    export_columns = [
        ("visited_at", _("visited at")),
        ("purpose", _("purpose")),
        ("officer__display_name", _("visited by")),
        ("grid__name", _("grid")),
        ("follow_up", _("follow-up needed")),
    ]
    actions = (
        Action(_("Record a visit"), "visits:add", "add", "get", "primary", with_pk=False, testid="visit-link"),
        Action(_("Time in the community"), "visits:figures", "view", "get", with_pk=False, testid="figures-link"),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("officer", "grid", "unit", "house__address", "address").order_by(
            "-visited_at", "-pk"
        )


class VisitView(ObjectView):
    model = Visit
    url_name = "visits:detail"
    template_name = "visits/visit.html"
    context_object_name = "visit"
    fields = (
        Column("place_name", _("Place")),
        Column("purpose", _("Purpose")),
        Column("visited_at", _("Visited at"), date_format="Y-m-d H:i"),
        Column("officer.display_name", _("Visited by")),
        Column("met", _("Who was met")),
        Column("learnt", _("What was learnt")),
        Column("follow_up", _("Follow-up needed")),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("officer", "grid", "unit", "house__address", "address")

    def get_context(self, obj: Visit) -> dict[str, Any]:
        """The data collected on the visit, and the hazards on record at the visited house or unit
        (those the viewer may see), so the visitor checks on them."""
        place = {"unit_id": obj.unit_id} if obj.unit_id else {"house_id": obj.house_id} if obj.house_id else None
        hazards = (
            list(Hazard.objects.restrict(self.request.user).filter(**place).select_related("case", "category")[:20])
            if place
            else []
        )
        rows = [(h, state_label(h.case)) for h in hazards]
        return {"collections": list(obj.collections.order_by("pk")), "hazards": rows}


class VisitAddView(ObjectEditView):
    model = Visit
    url_name = "visits:add"
    required_action = "add"
    title = _("Record a home visit")
    hint = _("Data collected on the visit goes to the registry's verification queue: use Collect.")
    submit_label = _("Save")
    success_message = _("Visit recorded.")
    testid = "visit"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        grids = grids_in_scope(self.request.user, Visit, "add")
        addresses = Address.objects.filter(grid__in=grids, is_active=True).order_by("canonical")
        units = Unit.objects.filter(grid__in=grids, is_active=True).order_by("name")
        return VisitForm(data, files, addresses=addresses, units=units)

    def save(self, form: BaseForm, obj: Any) -> Visit:
        d = form.cleaned_data
        return services.visit_record(
            by=actor(self.request),
            purpose=d["purpose"],
            address=d["address"],
            unit=d["unit"],
            met=d["met"],
            learnt=d["learnt"],
            follow_up=d["follow_up"],
            visited_at=d["visited_at"],
        )

    def success_url(self, result: Visit) -> str:
        return result.get_absolute_url()


class FiguresView(ScopedPage):
    """Per officer, the chosen week: visits against the target, half-days in the community
    (half-days with a check-in or a visit) against five."""

    model = Visit
    url_name = "visits:figures"
    template_name = "visits/figures.html"
    title = _("Time in the community")
    audit_reads = False  # counts, no personal data

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = WeekForm(request.GET or None)
        day: date = timezone.localdate()
        if form.is_valid() and form.cleaned_data["week"]:
            day = form.cleaned_data["week"]
        monday = week_start(day)
        rows = field_week(viewer=request.user, monday=monday)
        return render(
            request,
            self.template_name,
            {"view": self, "title": self.title, "form": form, "monday": monday, "rows": rows},
        )
