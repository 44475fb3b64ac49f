"""Appointments: book, change, cancel, reminders once, the office's pages; never a double booking."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from jingwang.accounts.models import User
from jingwang.core.errors import NotFound, ServiceError
from jingwang.notifications.models import SmsMessage
from jingwang.portal import appointments
from jingwang.portal.models import Booking, BookingStatus, Service, Slot
from jingwang.portal.signin import resident_account
from jingwang.portal.tests.conftest import MOBILE_A, MOBILE_B, MOBILE_NEW, make_slots
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db


def _resident(mobile: str) -> User:
    return resident_account(mobile)


def test_a_resident_books_changes_and_cancels_through_the_pages(
    world: World, town: dict[str, Any], service_a: Service, client: Client
) -> None:
    first, second, _third = make_slots(service_a)
    resident = _resident(MOBILE_A)
    sign_in(client, resident)
    page = client.get(f"/portal/appointments/service/{service_a.pk}/").content.decode()
    assert f'name="slot" value="{first.pk}"' in page
    assert client.post("/portal/appointments/book/", {"slot": first.pk}).status_code == 302
    booking = Booking.objects.get(resident=resident, status=BookingStatus.BOOKED)
    assert booking.slot == first
    mine = client.get("/portal/appointments/").content.decode()
    assert "居住证办理" in mine and 'data-testid="my-booking"' in mine
    # The booked time is no longer offered to anyone.
    assert (
        f'name="slot" value="{first.pk}"'
        not in client.get(f"/portal/appointments/service/{service_a.pk}/").content.decode()
    )
    client.post("/portal/appointments/book/", {"slot": second.pk, "booking": booking.pk})
    moved = Booking.objects.get(resident=resident, status=BookingStatus.BOOKED)
    assert moved.slot == second and Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED
    client.post(f"/portal/appointments/{moved.pk}/cancel/")
    assert not Booking.objects.filter(resident=resident, status=BookingStatus.BOOKED).exists()


def test_the_last_slot_booked_twice_gives_one_booking_and_one_clear_refusal(
    world: World, town: dict[str, Any], service_a: Service
) -> None:
    (last,) = make_slots(service_a, 1)
    one, two = _resident(MOBILE_A), _resident(MOBILE_B)
    appointments.booking_make(resident=one, slot_id=last.pk)
    with pytest.raises(ServiceError) as refused:
        appointments.booking_make(resident=two, slot_id=last.pk)
    assert refused.value.code == "slot_taken" and "刚刚被别人预约" in str(refused.value.message)
    assert Booking.objects.filter(slot=last, status=BookingStatus.BOOKED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_residents_booking_the_last_slot_at_once_on_two_connections(world: World, town: dict[str, Any]) -> None:
    """Two threads, each its own database connection, take the last slot at the same moment."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on one file; the race needs PostgreSQL's row locks")
    service = Service.objects.create(office=town["office_a"], name="身份证挂失")
    (last,) = make_slots(service, 1)
    residents = [_resident(MOBILE_A), _resident(MOBILE_B)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(user: User) -> None:
        from django.db import connections

        try:
            barrier.wait()
            appointments.booking_make(resident=user, slot_id=last.pk)
            outcomes.append("booked")
        except ServiceError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in residents]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked", "slot_taken"]
    assert Booking.objects.filter(slot=last, status=BookingStatus.BOOKED).count() == 1


def test_the_database_refuses_a_second_live_booking_of_a_slot(
    world: World, town: dict[str, Any], service_a: Service
) -> None:
    from django.db import IntegrityError, transaction

    (slot,) = make_slots(service_a, 1)
    Booking.objects.create(slot=slot, resident=_resident(MOBILE_A))
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(slot=slot, resident=_resident(MOBILE_B))


def test_a_resident_cannot_cancel_or_move_someone_else_s_booking(
    world: World, town: dict[str, Any], service_a: Service, client: Client
) -> None:
    first, second, _ = make_slots(service_a)
    theirs = appointments.booking_make(resident=_resident(MOBILE_A), slot_id=first.pk)
    sign_in(client, _resident(MOBILE_B))
    assert client.post(f"/portal/appointments/{theirs.pk}/cancel/").status_code == 404
    assert client.post("/portal/appointments/book/", {"slot": second.pk, "booking": theirs.pk}).status_code == 404
    assert Booking.objects.get(pk=theirs.pk).status == BookingStatus.BOOKED
    assert not Booking.objects.filter(slot=second).exists()
    page = client.get("/portal/appointments/").content.decode()
    assert 'data-testid="my-booking"' not in page


def test_a_past_or_closed_slot_and_too_many_bookings_are_refused(
    world: World, town: dict[str, Any], service_a: Service
) -> None:
    resident = _resident(MOBILE_NEW)
    past = Slot.objects.create(service=service_a, starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(ServiceError):
        appointments.booking_make(resident=resident, slot_id=past.pk)
    with pytest.raises(NotFound):
        appointments.booking_make(resident=resident, slot_id=987654)
    slots = make_slots(service_a, appointments.MAX_OPEN_BOOKINGS + 1)
    for s in slots[:-1]:
        appointments.booking_make(resident=resident, slot_id=s.pk)
    with pytest.raises(ServiceError) as refused:
        appointments.booking_make(resident=resident, slot_id=slots[-1].pk)
    assert refused.value.code == "too_many"


def test_a_refused_change_leaves_the_first_booking_as_it_was(
    world: World, town: dict[str, Any], service_a: Service
) -> None:
    first, second, _ = make_slots(service_a)
    mine = appointments.booking_make(resident=_resident(MOBILE_A), slot_id=first.pk)
    appointments.booking_make(resident=_resident(MOBILE_B), slot_id=second.pk)
    with pytest.raises(ServiceError):
        appointments.booking_change(resident=mine.resident, booking_id=mine.pk, slot_id=second.pk)
    assert Booking.objects.get(pk=mine.pk).status == BookingStatus.BOOKED


def test_bad_input_to_the_booking_page_is_a_message_not_an_error(
    world: World, town: dict[str, Any], service_a: Service, client: Client
) -> None:
    sign_in(client, _resident(MOBILE_A))
    for data in ({}, {"slot": "abc"}, {"slot": "-1"}, {"slot": "9" * 40}):
        assert client.post("/portal/appointments/book/", data).status_code == 302
    assert client.get("/portal/appointments/service/987654/").status_code == 404


def test_reminders_go_out_by_text_message_once(world: World, town: dict[str, Any], service_a: Service) -> None:
    (soon,) = make_slots(service_a, 1, start_in=timedelta(hours=5))
    (later,) = make_slots(service_a, 1, start_in=timedelta(days=5))
    resident = _resident(MOBILE_A)
    appointments.booking_make(resident=resident, slot_id=soon.pk)
    appointments.booking_make(resident=resident, slot_id=later.pk)
    assert appointments.reminders_send() == 1
    assert appointments.reminders_send() == 0
    sms = SmsMessage.objects.get(recipient=resident)
    assert "居住证办理" in sms.text and sms.phone_masked == "138****5678"


def test_the_officer_defines_a_service_and_its_slots_and_reads_the_day_list(
    world: World, town: dict[str, Any], client: Client
) -> None:
    sign_in(client, world.officer_a)
    made = client.post(
        "/portal/staff/services/new/",
        {"office": town["office_a"].pk, "name": "户籍咨询", "description": "", "duration_minutes": 30},
    )
    assert made.status_code == 302
    service = Service.objects.get(name="户籍咨询")
    tomorrow = timezone.localdate() + timedelta(days=1)
    added = client.post(
        "/portal/staff/slots/new/",
        {"service": service.pk, "day": tomorrow.isoformat(), "first": "09:00", "count": 4},
    )
    assert added.status_code == 302 and service.slots.count() == 4
    appointments.booking_make(resident=_resident(MOBILE_A), slot_id=service.slots.first().pk)  # type: ignore[union-attr]
    day = client.get("/portal/staff/day/", {"day": tomorrow.isoformat()}).content.decode()
    assert "户籍咨询" in day and "138****5678" in day and MOBILE_A not in day
    # The other district's officer may not add a service to this office.
    sign_in(client, world.officer_b)
    refused = client.post(
        "/portal/staff/services/new/", {"office": town["office_a"].pk, "name": "越权", "duration_minutes": 30}
    )
    assert refused.status_code == 200 and not Service.objects.filter(name="越权").exists()


def test_the_reminders_run_as_a_periodic_job_of_the_workers(
    world: World, town: dict[str, Any], service_a: Service
) -> None:
    from jingwang.worker.jobs import handlers, periodic_jobs

    assert periodic_jobs()["portal.reminders"].every == timedelta(minutes=15)
    (soon,) = make_slots(service_a, 1, start_in=timedelta(hours=3))
    appointments.booking_make(resident=_resident(MOBILE_A), slot_id=soon.pk)
    handlers()["portal.reminders"].fn({})
    assert Booking.objects.get(slot=soon).reminded_at is not None
