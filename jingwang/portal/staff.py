"""The office's side of appointments, on the staff site: the services it offers, their time slots,
the day's appointments (the officer's day list) and one appointment's page, where an officer of the
district cancels it with a reason."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import has_permission
from jingwang.core.types import actor
from jingwang.offices.models import PoliceOffice
from jingwang.portal import appointments
from jingwang.portal.filters import BookingFilterSet, ServiceFilterSet
from jingwang.portal.forms import OfficeCancelForm, ServiceForm, SlotsForm
from jingwang.portal.models import Booking, BookingStatus, Service, Slot
from jingwang.territory.scope import node_in_scope
from jingwang.web.generic import Action, Column, ObjectEditView, ObjectListView, ObjectView, RecordActionView


class ServiceListView(ObjectListView):
    model = Service
    url_name = "portal:staff_services"
    title = _("Appointment services")
    filterset_class = ServiceFilterSet
    audit_reads = False  # the offices' services: no personal data
    columns = (
        Column("name", _("Service"), link="portal:staff_service", title=True),
        Column("office.name", _("Police office")),
        Column("duration_minutes", _("Minutes per appointment")),
        Column("is_active", _("Offered")),
    )
    actions = (
        Action(_("New service"), "portal:staff_service_add", permission="add", method="get", with_pk=False),
        Action(_("Add time slots"), "portal:staff_slots_add", permission="change", method="get", with_pk=False),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("office").order_by("office__name", "name")


class ServiceView(ObjectView):
    model = Service
    url_name = "portal:staff_service"
    template_name = "portal/staff_service.html"
    audit_reads = False
    fields = (
        Column("name", _("Service")),
        Column("office.name", _("Police office")),
        Column("description", _("What to bring")),
        Column("duration_minutes", _("Minutes per appointment")),
    )
    actions = (Action(_("Add time slots"), "portal:staff_slots_add", permission="change", method="get", with_pk=False),)

    def get_object(self, action: str | None = None) -> Any:
        return self.get_scoped_or_404(action=action, pk=self.kwargs["pk"])

    def get_context(self, obj: Service) -> dict[str, Any]:
        slots = (
            Slot.objects.filter(service=obj, starts_at__gte=timezone.now())
            .annotate(taken=appointments._live())
            .order_by("starts_at")[:100]
        )
        return {"slots": slots}


def _offices_for(user: Any) -> Any:
    ids = [
        o.pk
        for o in PoliceOffice.objects.filter(is_active=True).select_related("district")
        if node_in_scope(user, o.district, Service, "add")
    ]
    return PoliceOffice.objects.filter(pk__in=ids).order_by("name")


class ServiceAddView(ObjectEditView):
    model = Service
    url_name = "portal:staff_service_add"
    required_action = "add"
    title = _("New appointment service")
    testid = "portal-service"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return ServiceForm(data, files, offices=_offices_for(self.request.user))

    def save(self, form: BaseForm, obj: Any) -> Service:
        return appointments.service_create(by=actor(self.request), **form.cleaned_data)

    def success_url(self, result: Service) -> str:
        return result.get_absolute_url()


class SlotsAddView(ObjectEditView):
    model = Slot
    url_name = "portal:staff_slots_add"
    required_action = "add"
    title = _("Add time slots")
    hint = _("Consecutive slots of the service's length from the first time on.")
    testid = "portal-slots"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        services = Service.objects.restrict(self.request.user, "change").filter(is_active=True).select_related("office")
        initial = {"service": self.request.GET.get("service")} if self.request.GET.get("service", "").isdigit() else {}
        return SlotsForm(data, files, services=services, initial=initial)

    def save(self, form: BaseForm, obj: Any) -> list[Slot]:
        d = form.cleaned_data
        made = appointments.slots_create(
            by=actor(self.request), service=d["service"], day=d["day"], first=d["first"], count=d["count"]
        )
        self._service = d["service"]
        return made

    def success_url(self, result: Any) -> str:
        return str(self._service.get_absolute_url())


class DayListView(ObjectListView):
    """The officer's day list: the appointments of a day (today unless another is chosen)."""

    model = Booking
    url_name = "portal:staff_day"
    title = _("Appointments of the day")
    filterset_class = BookingFilterSet
    default_filters = {"status": "booked"}
    columns = (
        Column("slot.starts_at", _("Time"), link="portal:staff_booking", title=True),
        Column("slot.service.name", _("Service")),
        Column("slot.service.office.name", _("Police office")),
        Column("resident.display_name", _("Resident")),
        Column("status", _("Status")),
    )
    table_testid = "portal-day-list"

    def filter_params(self) -> QueryDict:
        params = super().filter_params()
        params.setdefault("day", timezone.localdate().isoformat())
        return params

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("slot__service__office", "resident").order_by("slot__starts_at")


class BookingView(ObjectView):
    """One appointment as the office sees it, with the cancel form while it may still be cancelled."""

    model = Booking
    url_name = "portal:staff_booking"
    template_name = "portal/staff_booking.html"
    title = _("Appointment")
    fields = (
        Column("slot.starts_at", _("Time"), date_format="Y-m-d H:i"),
        Column("slot.service.name", _("Service")),
        Column("slot.service.office.name", _("Police office")),
        Column("resident.display_name", _("Resident")),
        Column("status", _("Status")),
        Column("cancelled_at", _("Cancelled at"), date_format="Y-m-d H:i"),
        Column("cancelled_by.display_name", _("Cancelled by the office")),
        Column("cancel_reason", _("Reason for cancelling")),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("slot__service__office", "resident", "cancelled_by")

    def get_context(self, obj: Booking) -> dict[str, Any]:
        may_cancel = (
            obj.status == BookingStatus.BOOKED
            and obj.slot.starts_at > timezone.now()
            and has_permission(self.request.user, Booking, "change")
        )
        return {"cancel_form": OfficeCancelForm() if may_cancel else None}


class BookingCancelView(RecordActionView):
    """The office cancels a resident's appointment (the service checks the district on the locked row)."""

    model = Booking
    form_class = OfficeCancelForm
    load_first = True  # out of the district: the 404 page with its authz_denied row, before any call
    success_message = _("The appointment is cancelled; the resident was told by text message.")
    redirect_to = "portal:staff_booking"

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> Booking:
        return appointments.booking_cancel_by_office(
            by=actor(request), booking_id=pk, reason=data["reason"], keep_slot_open=data["keep_slot_open"]
        )
