"""The office cancels a resident's appointment (with a reason, the resident told once); the resident
rates a visit that took place, once, and the rating counts for the district's officer."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from jingwang.audit.models import AuditEvent
from jingwang.notifications.models import Notification, SmsMessage
from jingwang.portal import appointments
from jingwang.portal.models import Booking, BookingStatus, Service, Slot
from jingwang.portal.signin import resident_account
from jingwang.portal.tests.conftest import MOBILE_A, MOBILE_B, make_slots
from jingwang.testing import World, sign_in
from jingwang.tips.models import Evaluation
from jingwang.tips.selectors import officer_figures

pytestmark = pytest.mark.django_db


def _visit(service: Service, mobile: str, *, ago: timedelta = timedelta(days=1)) -> Booking:
    """A visit whose time has passed (booked earlier: nobody books a past time)."""
    slot = Slot.objects.create(service=service, starts_at=timezone.now() - ago)
    return Booking.objects.create(slot=slot, resident=resident_account(mobile))


def _state(booking: Booking) -> tuple[Any, ...]:
    b = Booking.objects.select_related("slot").get(pk=booking.pk)
    return b.status, b.cancelled_by_id, b.cancel_reason, b.slot.is_open


def test_an_officer_cancels_a_booking_with_a_reason_and_the_resident_is_told_once(
    world: World, town: dict[str, Any], service_a: Service, client: Client
) -> None:
    first, second, _ = make_slots(service_a)
    resident = resident_account(MOBILE_A)
    booking = appointments.booking_make(resident=resident, slot_id=first.pk)
    kept = appointments.booking_make(resident=resident, slot_id=second.pk)
    sign_in(client, world.officer_a)
    day = client.get("/portal/staff/day/", {"day": timezone.localtime(first.starts_at).date().isoformat()})
    assert f'href="/portal/staff/bookings/{booking.pk}/"' in day.content.decode()
    page = client.get(f"/portal/staff/bookings/{booking.pk}/").content.decode()
    assert 'data-testid="office-cancel-form"' in page
    # The reason is required: without it nothing changes.
    refused = client.post(f"/portal/staff/bookings/{booking.pk}/cancel/", {"reason": " "})
    assert refused.status_code == 302 and _state(booking) == ("booked", None, "", True)
    done = client.post(f"/portal/staff/bookings/{booking.pk}/cancel/", {"reason": "民警临时出警"}, follow=True)
    assert "已取消预约" in done.content.decode()
    assert _state(booking) == (BookingStatus.CANCELLED, world.officer_a.pk, "民警临时出警", False)
    # The slot is closed by default: nobody may book the time the office cannot keep.
    assert first.pk not in {s.pk for s in appointments.free_slots(service_a)}
    # Kept open when the officer says so.
    client.post(f"/portal/staff/bookings/{kept.pk}/cancel/", {"reason": "窗口调整", "keep_slot_open": "on"})
    assert _state(kept)[0] == BookingStatus.CANCELLED and _state(kept)[3] is True
    assert second.pk in {s.pk for s in appointments.free_slots(service_a)}
    # Told once, in the inbox and by text message, with what the reminder says and not the reason.
    told = Notification.objects.filter(recipient=resident, kind="portal.booking.cancelled")
    assert told.count() == 2
    sms = SmsMessage.objects.filter(recipient=resident).order_by("pk")
    assert sms.count() == 2 and "居住证办理" in sms[0].text and "出警" not in sms[0].text
    assert sms[0].phone_masked == "138****5678"
    # A second cancel is refused and tells nobody again.
    again = client.post(f"/portal/staff/bookings/{booking.pk}/cancel/", {"reason": "重复"}, follow=True)
    assert "该预约已取消" in again.content.decode()
    assert told.count() == 2 and _state(booking)[2] == "民警临时出警"
    assert AuditEvent.objects.filter(action="portal.booking.cancel_by_office", object_id=str(booking.pk)).count() == 1
    # The resident sees it was the office that cancelled, and the resident's own cancel stays theirs.
    sign_in(client, resident)
    mine = client.get("/portal/appointments/").content.decode()
    assert 'data-testid="cancelled-by-office"' in mine and "民警临时出警" not in mine


def test_an_officer_cannot_cancel_a_past_booking_or_one_in_another_district(
    world: World, town: dict[str, Any], service_a: Service, client: Client
) -> None:
    (future,) = make_slots(service_a, 1)
    booking = appointments.booking_make(resident=resident_account(MOBILE_A), slot_id=future.pk)
    past = _visit(service_a, MOBILE_B)
    # The other district's officer: the 404 page, audited as a denial, nothing changed.
    sign_in(client, world.officer_b)
    denials = AuditEvent.objects.filter(action="authz_denied", actor_id=world.officer_b.pk)
    assert client.post(f"/portal/staff/bookings/{booking.pk}/cancel/", {"reason": "越权"}).status_code == 404
    assert denials.count() == 1
    assert client.get(f"/portal/staff/bookings/{booking.pk}/").status_code == 404
    assert _state(booking) == ("booked", None, "", True)
    # A role that reads the day list but does not keep it (the grid worker): the 403 page.
    sign_in(client, world.users["grid_a1"])
    assert client.post(f"/portal/staff/bookings/{booking.pk}/cancel/", {"reason": "越权"}).status_code == 403
    assert _state(booking) == ("booked", None, "", True)
    # Their own district's officer may not cancel a visit whose time has passed.
    sign_in(client, world.officer_a)
    assert 'data-testid="office-cancel-form"' not in client.get(f"/portal/staff/bookings/{past.pk}/").content.decode()
    refused = client.post(f"/portal/staff/bookings/{past.pk}/cancel/", {"reason": "补录"}, follow=True)
    assert "已经开始" in refused.content.decode()
    assert _state(past) == ("booked", None, "", True)
    assert not Notification.objects.filter(kind="portal.booking.cancelled").exists()


def test_a_resident_rates_a_past_appointment_once_and_it_counts_for_the_officer(
    world: World, town: dict[str, Any], service_a: Service, client: Client
) -> None:
    visit = _visit(service_a, MOBILE_A)
    sign_in(client, visit.resident)
    page = client.get("/portal/appointments/").content.decode()
    assert 'data-testid="visit-to-rate"' in page and f"/portal/tips/appointments/{visit.pk}/rate/" in page
    assert client.get(f"/portal/tips/appointments/{visit.pk}/rate/").status_code == 200
    done = client.post(f"/portal/tips/appointments/{visit.pk}/rate/", {"rating": "4", "comment": "办理很快"})
    assert done.status_code == 302
    row = Evaluation.objects.get(kind="portal.booking", object_id=visit.pk)
    assert (row.rating, row.comment, row.officer_id) == (4, "办理很快", world.officer_a.pk)
    assert row.grid.police_district_id == service_a.office.district_id
    # Once: the page no longer offers it, and a second rating is refused.
    assert 'data-testid="visit-to-rate"' not in client.get("/portal/appointments/").content.decode()
    client.post(f"/portal/tips/appointments/{visit.pk}/rate/", {"rating": "1"})
    assert Evaluation.objects.filter(kind="portal.booking", object_id=visit.pk).count() == 1
    # It counts in the officer's figures, in the district's scope only.
    [figure] = officer_figures(Evaluation.objects.restrict(world.officer_a))
    assert (figure.officer_id, figure.count, figure.average, figure.visits) == (world.officer_a.pk, 1, 4.0, 1)
    assert officer_figures(Evaluation.objects.restrict(world.officer_b)) == []
    sign_in(client, world.officer_a)
    figures = client.get("/tips/evaluations/").content.decode()
    assert 'data-testid="officer-figures"' in figures and "办理很快" in figures


def test_a_future_or_cancelled_or_someone_elses_booking_cannot_be_rated(
    world: World, town: dict[str, Any], service_a: Service, client: Client
) -> None:
    from jingwang.core.errors import ServiceError
    from jingwang.tips.services import evaluation_submit

    (future_slot,) = make_slots(service_a, 1)
    resident = resident_account(MOBILE_A)
    future = appointments.booking_make(resident=resident, slot_id=future_slot.pk)
    cancelled = _visit(service_a, MOBILE_A, ago=timedelta(days=2))
    Booking.objects.filter(pk=cancelled.pk).update(status=BookingStatus.CANCELLED)
    theirs = _visit(service_a, MOBILE_B)
    sign_in(client, resident)
    for booking, message in ((future, "时间过后"), (cancelled, "已取消的预约"), (theirs, "没有您的这个预约")):
        refused = client.post(f"/portal/tips/appointments/{booking.pk}/rate/", {"rating": "5"}, follow=True)
        assert message in refused.content.decode(), message
        with pytest.raises(ServiceError):
            evaluation_submit(resident=resident, kind="portal.booking", object_id=booking.pk, rating=5)
    assert not Evaluation.objects.filter(kind="portal.booking").exists()
    assert 'data-testid="visit-to-rate"' not in client.get("/portal/appointments/").content.decode()


# --- two cancels at once, on two connections (PostgreSQL's row locks) -----------------------------


def _until_another_connection_waits_on_a_lock(timeout: float = 10.0) -> None:
    """Wait (on this thread's connection, inside its transaction) until another connection of the
    test database is blocked on a lock, or `timeout` seconds have passed."""
    import time

    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)


def _winner_holds_its_lock(monkeypatch: pytest.MonkeyPatch, action: str) -> threading.Event:
    """The first cancel to write its audit row `action` (inside its transaction, the booking's row
    locked) says so on the event it returns, then waits there until another connection is blocked
    on a lock: the other cancel comes while the first is still under way."""
    original = appointments.audit_record
    holding = threading.Event()

    def held(**kwargs: Any) -> Any:
        if kwargs.get("action") == action and not holding.is_set():
            holding.set()
            _until_another_connection_waits_on_a_lock()
        return original(**kwargs)

    monkeypatch.setattr(appointments, "audit_record", held)
    return holding


def _post_at_once(posts: list[tuple[Client, str, dict[str, str]]], holding: threading.Event) -> list[tuple[int, str]]:
    """POST each (client, url, data) in its own thread (its own database connection), released by
    one barrier: the first at once, the second once the first holds the booking's lock. The status
    and the page each ends on (redirects followed), in the order given."""
    from django.db import connections

    barrier = threading.Barrier(len(posts))
    results: list[tuple[int, str] | BaseException | None] = [None] * len(posts)

    def attempt(i: int, client: Client, url: str, data: dict[str, str]) -> None:
        try:
            barrier.wait()
            if i > 0:
                assert holding.wait(timeout=30), "the first cancel never took the lock"
            response = client.post(url, data, follow=True)
            results[i] = (response.status_code, response.content.decode())
        except BaseException as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i, *post)) for i, post in enumerate(posts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not [r for r in results if not isinstance(r, tuple)], results
    return [r for r in results if isinstance(r, tuple)]


def _outcome(status: int, page: str, *, done: str) -> str:
    assert status == 200, status
    if done in page:
        return "cancelled"
    assert "该预约已取消" in page, page
    return "refused"


def _booking_in_district_a(town: dict[str, Any]) -> Booking:
    service = Service.objects.create(office=town["office_a"], name="身份证挂失")
    (slot,) = make_slots(service, 1)
    return appointments.booking_make(resident=resident_account(MOBILE_A), slot_id=slot.pk)


@pytest.mark.django_db(transaction=True)
def test_two_office_cancels_of_one_appointment_at_once_cancel_it_once_and_tell_the_resident_once(
    world: World, town: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two tabs of the district's office cancel the same appointment at the same moment, each on its
    own database connection: one cancels it, the other is told it is already cancelled."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on one file; the race needs PostgreSQL's row locks")
    booking = _booking_in_district_a(town)
    resident = booking.resident
    holding = _winner_holds_its_lock(monkeypatch, "portal.booking.cancel_by_office")
    url = f"/portal/staff/bookings/{booking.pk}/cancel/"
    tabs = [sign_in(Client(), world.officer_a), sign_in(Client(), world.officer_a)]
    results = _post_at_once(
        [(tabs[0], url, {"reason": "民警临时出警"}), (tabs[1], url, {"reason": "窗口调整"})], holding
    )
    assert [_outcome(*r, done="已取消预约") for r in results] == ["cancelled", "refused"]
    assert _state(booking) == (BookingStatus.CANCELLED, world.officer_a.pk, "民警临时出警", False)
    assert Notification.objects.filter(recipient=resident, kind="portal.booking.cancelled").count() == 1
    assert SmsMessage.objects.filter(recipient=resident).count() == 1
    assert AuditEvent.objects.filter(action="portal.booking.cancel_by_office", object_id=str(booking.pk)).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("first", ["office", "resident"])
def test_the_resident_and_the_office_cancelling_at_once_cancel_once_and_the_other_is_told(
    world: World, town: dict[str, Any], monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    """The resident cancels their appointment as the office does, on two connections, either one
    first: that cancel holds, the other gets "already cancelled" (not an error page); the resident
    is told only when the office's cancel holds."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on one file; the race needs PostgreSQL's row locks")
    booking = _booking_in_district_a(town)
    resident = booking.resident
    Post = tuple[Client, str, dict[str, str]]
    by_office: Post = (
        sign_in(Client(), world.officer_a),
        f"/portal/staff/bookings/{booking.pk}/cancel/",
        {"reason": "民警临时出警"},
    )
    by_resident: Post = (sign_in(Client(), resident), f"/portal/appointments/{booking.pk}/cancel/", {})
    told = Notification.objects.filter(recipient=resident, kind="portal.booking.cancelled")
    cancels = ("portal.booking.cancel", "portal.booking.cancel_by_office")
    audits = AuditEvent.objects.filter(action__in=cancels, object_id=str(booking.pk))
    if first == "office":
        holding = _winner_holds_its_lock(monkeypatch, "portal.booking.cancel_by_office")
        office, own = _post_at_once([by_office, by_resident], holding)
    else:
        holding = _winner_holds_its_lock(monkeypatch, "portal.booking.cancel")
        own, office = _post_at_once([by_resident, by_office], holding)
    outcomes = {"office": _outcome(*office, done="已取消预约"), "resident": _outcome(*own, done="您的预约已取消")}
    assert outcomes == {first: "cancelled", ("resident" if first == "office" else "office"): "refused"}
    if first == "office":
        assert _state(booking) == (BookingStatus.CANCELLED, world.officer_a.pk, "民警临时出警", False)
        assert told.count() == 1
    else:
        assert _state(booking) == (BookingStatus.CANCELLED, None, "", True)
        assert told.count() == 0
    assert list(audits.values_list("action", flat=True)) == [
        "portal.booking.cancel_by_office" if first == "office" else "portal.booking.cancel"
    ]
