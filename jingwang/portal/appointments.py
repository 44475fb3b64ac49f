"""Appointments (预约办事): the office's services and time slots; residents book, change and cancel;
a reminder by text message the day before, once; the office may cancel a booking (with a reason,
the resident told); after the visit the resident may rate it (the rating lives with the other
evaluations, in tips, which registers the appointment as an evaluated kind).

No double booking: the booking locks the slot's row (select_for_update) and the database holds at
most one live booking per slot (a partial unique constraint), so of two residents taking the last
slot at once one gets it and the other a clear refusal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.accounts.models import User
from jingwang.audit.services import audit_record
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.types import Actor
from jingwang.notifications.services import notify
from jingwang.offices.models import PoliceOffice
from jingwang.portal.models import Booking, BookingStatus, Service, Slot
from jingwang.territory.scope import node_in_scope

MAX_OPEN_BOOKINGS = 3  # a resident's future appointments at once
MAX_SLOTS_AT_ONCE = 48
REMIND_AHEAD = timedelta(hours=24)
RATE_DAYS = 30  # past visits offered for rating on the resident's page
REASON_MAX = 300


def _live(slot_field: str = "slot") -> Exists:
    return Exists(Booking.objects.filter(**{slot_field: OuterRef("pk")}, status=BookingStatus.BOOKED))


# --- what residents see ---------------------------------------------------------------------------


def services_offered(district_id: int | None = None) -> QuerySet[Service]:
    qs = Service.objects.filter(is_active=True, office__is_active=True).select_related("office", "office__district")
    if district_id is not None:
        qs = qs.filter(office__district_id=district_id)
    return qs.order_by("office__name", "name")


def free_slots(service: Service, *, days: int = 14) -> QuerySet[Slot]:
    now = timezone.now()
    return (
        Slot.objects.filter(service=service, is_open=True, starts_at__gt=now, starts_at__lt=now + timedelta(days=days))
        .annotate(taken=_live())
        .filter(taken=False)
        .order_by("starts_at")
    )


def my_bookings(resident: User) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(resident=resident, status=BookingStatus.BOOKED, slot__starts_at__gt=timezone.now())
        .select_related("slot__service__office")
        .order_by("slot__starts_at")
    )


def visits_to_rate(resident: User) -> list[Booking]:
    """The resident's visits of the last RATE_DAYS days that took place (not cancelled) and are not
    rated yet, newest first; empty when no app takes ratings."""
    if _rating is None:
        return []
    now = timezone.now()
    past = list(
        Booking.objects.filter(
            resident=resident,
            status=BookingStatus.BOOKED,
            slot__starts_at__lte=now,
            slot__starts_at__gt=now - timedelta(days=RATE_DAYS),
        )
        .select_related("slot__service__office")
        .order_by("-slot__starts_at")[:20]
    )
    rated = _rating.rated(resident, [b.pk for b in past]) if past else set()
    return [b for b in past if b.pk not in rated]


def cancelled_by_office(resident: User) -> QuerySet[Booking]:
    """The resident's future appointments the office cancelled: shown so the resident books again."""
    return (
        Booking.objects.filter(
            resident=resident,
            status=BookingStatus.CANCELLED,
            cancelled_by__isnull=False,
            slot__starts_at__gt=timezone.now(),
        )
        .select_related("slot__service__office")
        .order_by("slot__starts_at")
    )


# --- rating a visit ------------------------------------------------------------------------------
# Ratings are kept by tips (the layer above), which hands the portal, at start-up, how to tell which
# visits a resident has rated and the name of the page that rates one.


class Rating:
    def __init__(self, rated: Callable[[User, list[int]], set[int]], url_name: str) -> None:
        self.rated, self.url_name = rated, url_name


_rating: Rating | None = None


def declare_rating(*, rated: Callable[[User, list[int]], set[int]], url_name: str) -> None:
    global _rating
    _rating = Rating(rated, url_name)


def rating_url_name() -> str:
    return _rating.url_name if _rating is not None else ""


def booking_to_rate(*, resident: Any, booking_id: int) -> Booking:
    """The resident's own visit that took place (its time passed, not cancelled), with its office's
    police district; a ServiceError says why not."""
    booking = (
        Booking.objects.select_related("slot__service__office__district")
        .filter(pk=booking_id, resident_id=getattr(resident, "pk", None))
        .first()
    )
    if booking is None or resident is None:
        raise ServiceError("not_found", _("No such appointment of yours."))
    if booking.status == BookingStatus.CANCELLED:
        raise ServiceError("conflict", _("A cancelled appointment cannot be rated."))
    if booking.slot.starts_at > timezone.now():
        raise ServiceError("conflict", _("An appointment is rated once its time has passed."))
    return booking


# --- residents' writes ------------------------------------------------------------------------------

TAKEN = _("This time has just been taken by someone else. Please choose another time.")


def _lock_free_slot(slot_id: int, now: datetime) -> Slot:
    slot = (
        Slot.objects.select_for_update()
        .select_related("service__office")
        .filter(pk=slot_id, service__is_active=True, service__office__is_active=True)
        .first()
    )
    if slot is None:
        raise NotFound()
    if not slot.is_open or slot.starts_at <= now:
        raise ServiceError("slot_closed", _("This time can no longer be booked. Please choose another time."))
    if Booking.objects.filter(slot=slot, status=BookingStatus.BOOKED).exists():
        raise ServiceError("slot_taken", str(TAKEN))
    return slot


def _create(slot: Slot, resident: User) -> Booking:
    try:
        with transaction.atomic():
            return Booking.objects.create(slot=slot, resident=resident)
    except IntegrityError as exc:  # the constraint: another transaction booked it first
        raise ServiceError("slot_taken", str(TAKEN)) from exc


def booking_make(*, resident: User, slot_id: int) -> Booking:
    now = timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=resident.pk).first()  # one booking of a resident at a time
        if my_bookings(resident).count() >= MAX_OPEN_BOOKINGS:
            raise ServiceError(
                "too_many",
                _("You already have %(n)d appointments. Cancel one before booking another.") % {"n": MAX_OPEN_BOOKINGS},
            )
        slot = _lock_free_slot(slot_id, now)
        booking = _create(slot, resident)
        audit_record(action="portal.booking.create", actor=resident, object_type="portal.booking", object_id=booking.pk)
    return booking


def _own_live(resident: User, booking_id: int, now: datetime) -> Booking:
    """The resident's own booking, locked, while it is live. The status is read from the locked row,
    not filtered on: a booking the office (or the resident in another tab) cancelled a moment ago
    is then a clear refusal, not a "not found"."""
    booking = (
        Booking.objects.select_for_update().select_related("slot").filter(pk=booking_id, resident=resident).first()
    )
    if booking is None:
        raise NotFound()
    if booking.status != BookingStatus.BOOKED:
        raise ServiceError("cancelled", _("This appointment is already cancelled."))
    if booking.slot.starts_at <= now:
        raise ServiceError("past", _("This appointment has already begun and can no longer be changed."))
    return booking


def booking_cancel(*, resident: User, booking_id: int) -> Booking:
    now = timezone.now()
    with transaction.atomic():
        booking = _own_live(resident, booking_id, now)
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
        booking.save(update_fields=["status", "cancelled_at"])
        audit_record(action="portal.booking.cancel", actor=resident, object_type="portal.booking", object_id=booking.pk)
    return booking


def booking_change(*, resident: User, booking_id: int, slot_id: int) -> Booking:
    """Move an appointment to another free time of the same service: both in one transaction, so a
    refusal leaves the first appointment as it was."""
    now = timezone.now()
    with transaction.atomic():
        old = _own_live(resident, booking_id, now)
        slot = _lock_free_slot(slot_id, now)
        if slot.service_id != old.slot.service_id:
            raise ServiceError("other_service", _("Choose a time of the same service."))
        old.status, old.cancelled_at = BookingStatus.CANCELLED, now
        old.save(update_fields=["status", "cancelled_at"])
        booking = _create(slot, resident)
        audit_record(
            action="portal.booking.change",
            actor=resident,
            object_type="portal.booking",
            object_id=booking.pk,
            details={"from": old.pk},
        )
    return booking


# --- reminders -------------------------------------------------------------------------------------


def reminders_send(now: datetime | None = None) -> int:
    """Remind every resident whose appointment begins within a day, once (the claim is atomic, so
    two workers never remind twice)."""
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=BookingStatus.BOOKED,
        reminded_at__isnull=True,
        slot__starts_at__gt=now,
        slot__starts_at__lte=now + REMIND_AHEAD,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        with transaction.atomic():
            if not Booking.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            booking = Booking.objects.select_related("slot__service__office", "resident").get(pk=pk)
            local = timezone.localtime(booking.slot.starts_at)
            notify(
                [booking.resident],
                kind="portal.booking.reminder",
                title=_("Reminder: %(service)s at %(office)s, %(when)s")
                % {
                    "service": booking.slot.service.name,
                    "office": booking.slot.service.office.name,
                    "when": local.strftime("%m-%d %H:%M"),
                },
                subject=booking,
                dedupe_key=f"portal.booking.{pk}.reminder",
                sms=True,
            )
            sent += 1
    return sent


# --- the office's side -----------------------------------------------------------------------------


def booking_cancel_by_office(*, by: Actor, booking_id: int, reason: str, keep_slot_open: bool = False) -> Booking:
    """An officer of the service's police district cancels a resident's future appointment (called
    away, the office closed). The time is closed too unless the officer keeps it open: by default
    nobody may book a time the office has just said it cannot keep. The resident is told in the
    inbox and by text message, with what the reminder says (service, office, time): the reason is
    the office's record, free text that may name others, so it is not sent."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(
            "invalid", _("Give the reason for cancelling."), fields={"reason": [_("This field is required.")]}
        )
    if len(reason) > REASON_MAX:
        raise ServiceError(
            "invalid",
            _("At most %(n)d characters.") % {"n": REASON_MAX},
            fields={"reason": [_("At most %(n)d characters.") % {"n": REASON_MAX}]},
        )
    now = timezone.now()
    with transaction.atomic():
        booking = (
            Booking.objects.restrict(by, "change")
            .select_for_update(of=("self",))
            .select_related("slot__service__office", "resident")
            .filter(pk=booking_id)
            .first()
        )
        if booking is None:
            raise NotFound()
        if booking.status != BookingStatus.BOOKED:
            raise ServiceError("cancelled", _("This appointment is already cancelled."))
        if booking.slot.starts_at <= now:
            raise ServiceError("past", _("This appointment has already begun and can no longer be cancelled."))
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
        booking.cancelled_by_id, booking.cancel_reason = by.pk, reason
        booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
        if not keep_slot_open:
            Slot.objects.filter(pk=booking.slot_id).update(is_open=False)
        slot = booking.slot
        local = timezone.localtime(slot.starts_at)
        notify(
            [booking.resident],
            kind="portal.booking.cancelled",
            title=_("Cancelled by the police office: %(service)s at %(office)s, %(when)s. Please book another time.")
            % {"service": slot.service.name, "office": slot.service.office.name, "when": local.strftime("%m-%d %H:%M")},
            subject=booking,
            dedupe_key=f"portal.booking.{booking.pk}.cancelled",
            sms=True,
        )
        audit_record(
            action="portal.booking.cancel_by_office",
            actor=by,
            object_type="portal.booking",
            object_id=booking.pk,
            details={"slot_kept_open": keep_slot_open},
        )
    return booking


def service_create(
    *, by: Actor, office: PoliceOffice, name: str, description: str = "", duration_minutes: int = 20
) -> Service:
    if not node_in_scope(by, office.district, Service, "add"):
        raise NotFound()
    name = name.strip()
    if not name:
        raise ServiceError("invalid", _("Name the service."), fields={"name": [_("This field is required.")]})
    if not 5 <= duration_minutes <= 240:
        raise ServiceError(
            "invalid",
            _("An appointment lasts 5 to 240 minutes."),
            fields={"duration_minutes": [_("An appointment lasts 5 to 240 minutes.")]},
        )
    with transaction.atomic():
        service = Service.objects.create(
            office=office, name=name[:100], description=description.strip()[:300], duration_minutes=duration_minutes
        )
        audit_record(action="portal.service.create", actor=by, object_type="portal.service", object_id=service.pk)
    return service


def slots_create(*, by: Actor, service: Service, day: date, first: time, count: int) -> list[Slot]:
    """`count` consecutive slots of the service's length from `first` on `day` (office time); a time
    that already has a slot is kept as it is."""
    if not Service.objects.restrict(by, "change").filter(pk=service.pk).exists():
        raise NotFound()
    if not 1 <= count <= MAX_SLOTS_AT_ONCE:
        raise ServiceError(
            "invalid",
            _("Add 1 to %(n)d slots at a time.") % {"n": MAX_SLOTS_AT_ONCE},
            fields={"count": [_("Add 1 to %(n)d slots at a time.") % {"n": MAX_SLOTS_AT_ONCE}]},
        )
    start = timezone.make_aware(datetime.combine(day, first))
    if start <= timezone.now():
        raise ServiceError(
            "invalid", _("Slots start in the future."), fields={"day": [_("Slots start in the future.")]}
        )
    step = timedelta(minutes=service.duration_minutes)
    times = [start + i * step for i in range(count)]
    with transaction.atomic():
        existing = set(Slot.objects.filter(service=service, starts_at__in=times).values_list("starts_at", flat=True))
        made = Slot.objects.bulk_create([Slot(service=service, starts_at=t) for t in times if t not in existing])
        audit_record(
            action="portal.slot.create",
            actor=by,
            object_type="portal.service",
            object_id=service.pk,
            details={"slots": len(made)},
        )
    return made
