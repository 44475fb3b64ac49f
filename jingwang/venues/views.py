"""Key venue pages, declared on the generic pages: the venues, the venue with its staff,
incidents, guests and inspections; the venue's own forms (staff, incident, guest file); the
inspections (phone-first) with the case type's actions; the random selection; list matches."""

from __future__ import annotations

from typing import Any

from django.forms import BaseForm
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from jingwang.casework.columns import CaseColumn
from jingwang.core.access import has_permission, scope_grants
from jingwang.core.types import actor
from jingwang.territory.models import Node
from jingwang.venues import inspections, services
from jingwang.venues.filters import HitFilterSet, InspectionFilterSet, VenueFilterSet
from jingwang.venues.forms import (
    DrawForm,
    GuestFileForm,
    IncidentForm,
    InspectionForm,
    StaffForm,
    VenueAddForm,
    VenueEditForm,
)
from jingwang.venues.models import Guest, Incident, Inspection, InspectionDraw, StaffFiling, Venue, VenueHit
from jingwang.venues.selectors import officers_for, operators_for, units_to_list, venues_for
from jingwang.web.generic import Action, Column, ObjectEditView, ObjectListView, ObjectView


class VenueListView(ObjectListView):
    model = Venue
    url_name = "venues:list"
    title = _("Key venues (重点行业场所)")
    filterset_class = VenueFilterSet
    table_testid = "venues"
    empty_message = _("No key venues.")
    columns = (
        Column("unit.name", _("Name"), link="venues:detail", title=True),
        Column("trade.name", _("Trade")),
        Column("grade", _("Grade"), badge="info"),
        Column("licence_valid_until", _("Licence until"), date_format="Y-m-d"),
        Column("unit.grid.name", _("Grid")),
        Column("responsible_officer.display_name", _("Responsible officer")),
    )
    export_columns = [
        ("unit__name", _("name")),
        ("trade__name", _("trade")),
        ("grade", _("grade")),
        ("licence_number", _("licence number")),
        ("licence_valid_until", _("licence until")),
        ("unit__grid__name", _("grid")),
    ]

    def refine(self, queryset: Any) -> Any:
        return (
            queryset.filter(is_active=True)
            .select_related("unit__grid", "trade", "responsible_officer")
            .order_by("unit__name", "pk")
        )


class VenueView(ObjectView):
    model = Venue
    url_name = "venues:detail"
    template_name = "venues/venue.html"
    context_object_name = "venue"
    heading_testid = "venue-name"
    lookup = {"is_active": True}
    fields = (
        Column("trade.name", _("Trade")),
        Column("grade", _("Grade"), badge="info"),
        Column("points_deducted", _("Points deducted (12 months)")),
        Column("inspection_days", _("Inspected every (days)")),
        Column("licence_number", _("Licence number"), mono=True),
        Column("licence_issuer", _("Licence issuer")),
        Column("licence_valid_until", _("Licence until"), date_format="Y-m-d"),
        Column("unit.security_contact", _("Security contact")),
        Column("unit.security_contact_phone_masked", _("Security contact phone"), mono=True),
        Column("responsible_officer.display_name", _("Responsible officer")),
        Column("unit.grid.name", _("Grid")),
    )
    actions = (
        Action(_("Edit"), "venues:edit", "change", "get", testid="edit-link"),
        Action(_("Open an inspection"), "venues:inspect", "view", "get", with_pk=False, testid="inspect-link"),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("unit__grid", "trade", "responsible_officer")

    def get_actions(self, obj: Venue) -> Any:
        inspects = has_permission(self.request.user, Inspection, "add")
        return tuple(a for a in self.actions if inspects or a.url_name != "venues:inspect")

    def get_context(self, obj: Venue) -> dict[str, Any]:
        user = self.request.user
        police = has_permission(user, VenueHit, "view")
        return {
            "trade": obj.trade,
            "staff": StaffFiling.objects.restrict(user).filter(venue=obj)[:50],
            "incidents": Incident.objects.restrict(user).filter(venue=obj).select_related("case")[:20],
            "batches": obj.guest_batches.order_by("-received_at")[:10] if has_permission(user, Guest, "view") else [],
            "inspections": (
                Inspection.objects.restrict(user)
                .filter(venue=obj)
                .select_related("case")
                .order_by("-case__opened_at")[:20]
            ),
            "hits": VenueHit.objects.restrict(user).filter(venue=obj)[:20] if police else [],
            "police": police,
            "may_file": has_permission(user, StaffFiling, "add"),
            "may_report": has_permission(user, Incident, "add"),
            "may_send_guests": obj.trade.registers_guests and has_permission(user, Guest, "add"),
        }


class VenueAddView(ObjectEditView):
    model = Venue
    url_name = "venues:add"
    required_action = "add"
    title = _("New key venue")
    hint = _("A registry unit in a key trade: its licence, its responsible officer.")
    testid = "venue"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        user = self.request.user
        return VenueAddForm(data, files, units=units_to_list(user), officers=officers_for(user), operators=None)

    def save(self, form: BaseForm, obj: Any) -> Venue:
        d = form.cleaned_data
        return services.venue_create(
            by=actor(self.request),
            unit=d["unit"],
            trade=d["trade"],
            responsible_officer=d["responsible_officer"],
            licence_number=d["licence_number"],
            licence_issuer=d["licence_issuer"],
            licence_valid_from=d["licence_valid_from"],
            licence_valid_until=d["licence_valid_until"],
        )

    def success_url(self, result: Venue) -> str:
        return result.get_absolute_url()


class VenueEditView(ObjectEditView):
    model = Venue
    url_name = "venues:edit"
    title = _("Edit key venue")
    testid = "venue"
    lookup = {"is_active": True}

    def get_form(self, obj: Venue, data: Any = None, files: Any = None) -> BaseForm:
        user = self.request.user
        initial = {
            "licence_number": obj.licence_number,
            "licence_issuer": obj.licence_issuer,
            "licence_valid_from": obj.licence_valid_from,
            "licence_valid_until": obj.licence_valid_until,
            "responsible_officer": obj.responsible_officer_id,
            "operators": list(obj.operators.values_list("pk", flat=True)),
        }
        return VenueEditForm(data, files, initial=initial, officers=officers_for(user), operators=operators_for(user))

    def save(self, form: BaseForm, obj: Venue) -> Venue:
        return services.venue_update(
            by=actor(self.request), venue_id=obj.pk, expected_version=None, **form.cleaned_data
        )

    def success_url(self, result: Venue) -> str:
        return result.get_absolute_url()


class _VenueForm(ObjectEditView):
    required_action = "add"

    def venues(self) -> Any:
        return venues_for(self.request.user, self.model, "add")


class StaffAddView(_VenueForm):
    model = StaffFiling
    url_name = "venues:staff_add"
    title = _("File an employee (从业人员报备)")
    hint = _("File each new employee within the trade's deadline (24 hours) of hiring; the police check them at once.")
    submit_label = _("File")
    success_message = _("Filed.")
    testid = "staff"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return StaffForm(data, files, venues=self.venues())

    def save(self, form: BaseForm, obj: Any) -> StaffFiling:
        d = form.cleaned_data
        return services.staff_file(
            by=actor(self.request),
            venue_id=d["venue"].pk,
            name=d["name"],
            id_number=d["id_number"],
            hired_at=d["hired_at"],
            job=d["job"],
        )

    def success_url(self, result: StaffFiling) -> str:
        return result.venue.get_absolute_url()


class IncidentAddView(_VenueForm):
    model = Incident
    url_name = "venues:incident_add"
    title = _("Report an incident (涉稳涉安涉外)")
    hint = _("Report within one hour of the event.")
    submit_label = _("Report")
    success_message = _("Reported: the police have been told.")
    testid = "incident"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return IncidentForm(data, files, venues=self.venues())

    def save(self, form: BaseForm, obj: Any) -> Incident:
        d = form.cleaned_data
        return services.incident_report(
            by=actor(self.request),
            venue_id=d["venue"].pk,
            kind=d["kind"],
            occurred_at=d["occurred_at"],
            description=d["description"],
        )

    def success_url(self, result: Incident) -> str:
        return result.venue.get_absolute_url()


class GuestImportView(_VenueForm):
    model = Guest
    url_name = "venues:guest_import"
    title = _("Send guest registrations (旅馆业实名登记)")
    submit_label = _("Send")
    success_message = _("Guest registrations received.")
    testid = "guests"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return GuestFileForm(data, files, venues=self.venues())

    def save(self, form: BaseForm, obj: Any) -> Any:
        d = form.cleaned_data
        return services.guests_import_upload(by=actor(self.request), venue_id=d["venue"].pk, upload=d["file"])

    def success_url(self, result: Any) -> str:
        return result.venue.get_absolute_url()


class InspectionListView(ObjectListView):
    model = Inspection
    url_name = "venues:inspections"
    title = _("Venue inspections")
    filterset_class = InspectionFilterSet
    table_testid = "inspections"
    empty_message = _("No inspections.")
    columns = (
        Column("case.number", _("Number"), link="venues:inspection", mono=True, title=True),
        Column("venue.unit.name", _("Venue")),
        Column("kind", _("Reason")),
        CaseColumn("case", _("State"), badge="info"),
        CaseColumn("case", _("Deadline"), show="deadline"),
        Column("case.grid.name", _("Grid")),
    )
    actions = (
        Action(
            _("Open an inspection"), "venues:inspect", "add", "get", "primary", with_pk=False, testid="inspect-link"
        ),
        Action(_("Random selection (双随机)"), "venues:draw", "add", "get", with_pk=False, testid="draw-link"),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("case__grid", "venue__unit").order_by("-case__opened_at", "-pk")

    def filter_params(self) -> QueryDict:
        return super().filter_params() or QueryDict("open=true")


class InspectionView(ObjectView):
    """The inspection on a phone: the venue, the trade's checklist, the findings and the
    rectification, and the case type's actions (casework partials)."""

    model = Inspection
    url_name = "venues:inspection"
    template_name = "venues/inspection.html"
    context_object_name = "inspection"
    heading_testid = "case-number"
    fields = (
        Column("venue.unit.name", _("Venue")),
        Column("venue.trade.name", _("Trade")),
        Column("venue.grade", _("Grade")),
        Column("kind", _("Reason")),
        Column("case.number", _("Number"), mono=True),
        Column("rectify_by", _("Rectify by"), date_format="Y-m-d H:i"),
        Column("hazard", _("Serious hazard")),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related(
            "case", "venue__unit", "venue__trade", "draw", "follows__case", "workorder__case"
        )

    def get_context(self, obj: Inspection) -> dict[str, Any]:
        return {"case": obj.case, "checklist": obj.checklist}


class InspectionOpenView(ObjectEditView):
    model = Inspection
    url_name = "venues:inspect"
    required_action = "add"
    title = _("Open an inspection")
    submit_label = _("Open")
    success_message = _("Inspection opened.")
    testid = "inspect"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return InspectionForm(data, files, venues=venues_for(self.request.user, Inspection, "add"))

    def save(self, form: BaseForm, obj: Any) -> Inspection:
        d = form.cleaned_data
        return inspections.inspection_open(by=actor(self.request), venue=d["venue"], kind=d["kind"], note=d["note"])

    def success_url(self, result: Inspection) -> str:
        return result.get_absolute_url()


class DrawView(ObjectEditView):
    model = InspectionDraw
    url_name = "venues:draw"
    required_action = "add"
    title = _("Random selection (双随机)")
    hint = _(
        "Ordinary venues (grades A and B) are drawn; the seed and the venues drawn are recorded, "
        "so anyone can draw again."
    )
    submit_label = _("Draw")
    success_message = _("Drawn: an inspection is open for each venue drawn.")
    testid = "draw"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        nodes = Node.objects.filter(pk__in=[g.node_id for g in scope_grants(self.request.user, InspectionDraw, "add")])
        return DrawForm(data, files, nodes=nodes)

    def save(self, form: BaseForm, obj: Any) -> InspectionDraw:
        d = form.cleaned_data
        return inspections.inspection_draw(
            by=actor(self.request), node=d["node"], period=d["period"], count=d["count"], seed=d["seed"]
        )

    def success_url(self, result: InspectionDraw) -> str:
        return "/venues/inspections/?kind=random"


class HitListView(ObjectListView):
    model = VenueHit
    url_name = "venues:hits"
    title = _("List matches at key venues")
    filterset_class = HitFilterSet
    table_testid = "hits"
    empty_message = _("No matches.")
    columns = (
        Column("name", _("Name"), link="venues:hit", title=True),
        Column("id_number_masked", _("ID number"), mono=True),
        Column("venue.unit.name", _("Venue")),
        Column("source", _("Source")),
        Column("list_name", _("List")),
        Column("found_at", _("Found"), date_format="Y-m-d H:i"),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("venue__unit")


class HitView(ObjectView):
    model = VenueHit
    url_name = "venues:hit"
    fields = (
        Column("name", _("Name")),
        Column("id_number_masked", _("ID number"), mono=True),
        Column("venue.unit.name", _("Venue")),
        Column("source", _("Source")),
        Column("list_name", _("List")),
        Column("instruction", _("Instruction")),
        Column("found_at", _("Found"), date_format="Y-m-d H:i"),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("venue__unit")
