"""The office cancelling an appointment and the resident rating a visit, in a real browser: the
officer on the staff site (desktop) cancels from the day list, a reason required; the resident on a
390 px phone sees the office's cancel (also when their own page was stale) and rates a past visit,
once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jingwang.accounts.models import User
from jingwang.audit.models import AuditEvent
from jingwang.browser_testing import sign_in
from jingwang.notifications.models import Notification
from jingwang.offices.models import PoliceOffice
from jingwang.portal import appointments
from jingwang.portal.models import Booking, BookingStatus, Service, Slot
from jingwang.portal.signin import resident_account
from jingwang.portal.tests.conftest import sign_in_resident
from jingwang.tips.models import Evaluation
from jingwang.tips.selectors import APPOINTMENT

pytestmark = pytest.mark.browser

MOBILE = "13912340001"
PHONE = (390, 844)
REASON = "民警临时外出处警"


def _service() -> Service:
    """A service of the demo's first office (the demo officer's district), with free slots."""
    office = PoliceOffice.objects.filter(is_active=True).order_by("district__code", "name").first()
    assert office is not None, "the demo seeds the offices"
    service = Service.objects.filter(office=office, is_active=True).order_by("name").first()
    assert service is not None, "the demo seeds the first office's services"
    return service


def _booked(resident: User) -> Booking:
    """The resident's appointment at the first free time of the service."""
    service = _service()
    slot = appointments.free_slots(service).first()
    assert slot is not None, "the demo seeds slots on the coming working days"
    return appointments.booking_make(resident=resident, slot_id=slot.pk)


def _no_sideways_scrolling(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]


def _within_the_screen(locator: Any) -> None:
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE[0], box


def _cancelled_by_office(booking: Booking) -> tuple[Any, ...]:
    b = Booking.objects.get(pk=booking.pk)
    return b.status, b.cancel_reason


def test_the_office_cancels_an_appointment_from_the_day_list_only_with_a_reason(
    open_page: Any, demo_city: Any, settings: Any
) -> None:
    settings.REQUIRE_MFA = False  # the demo officer signs in with the password alone
    booking = _booked(resident_account(MOBILE))
    officer = User.objects.get(username="officer")  # the demo's officer of the first district
    day = timezone.localtime(booking.slot.starts_at).date().isoformat()
    page = open_page()
    base = demo_city.url
    sign_in(page, base, "officer")
    page.goto(f"{base}/portal/staff/day/?day={day}")
    page.get_by_test_id("portal-day-list").locator(f'a[href="/portal/staff/bookings/{booking.pk}/"]').click()
    form = page.get_by_test_id("office-cancel-form")
    reason = form.get_by_test_id("office-cancel-reason")
    submit = form.get_by_test_id("office-cancel-submit")
    expect(submit).to_be_visible()
    at_booking = page.url

    # Empty: the browser keeps the form (the field is required) and nothing is sent.
    submit.click()
    assert reason.evaluate("el => el.validity.valueMissing") is True
    assert page.url == at_booking
    # Blanks only: the site refuses it with a message in Chinese, and nothing changes.
    reason.fill("   ")
    submit.click()
    expect(page.locator(".messages .msg-error")).to_contain_text("取消原因：请填写取消原因。")
    expect(page.get_by_test_id("office-cancel-form")).to_be_visible()
    assert _cancelled_by_office(booking) == (BookingStatus.BOOKED, "")
    assert not Notification.objects.filter(kind="portal.booking.cancelled", subject_id=str(booking.pk)).exists()

    page.get_by_test_id("office-cancel-reason").fill(REASON)
    page.get_by_test_id("office-cancel-submit").click()
    expect(page.locator(".messages .msg-success")).to_contain_text("已取消预约，并已短信通知居民。")
    expect(page.get_by_test_id("office-cancel-form")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(REASON)
    assert _cancelled_by_office(booking) == (BookingStatus.CANCELLED, REASON)
    assert Booking.objects.get(pk=booking.pk).cancelled_by_id == officer.pk
    told = Notification.objects.filter(kind="portal.booking.cancelled", recipient=booking.resident)
    assert told.count() == 1
    audited = AuditEvent.objects.filter(action="portal.booking.cancel_by_office", object_id=str(booking.pk))
    assert audited.count() == 1
    # Gone from the day's list of live appointments.
    page.goto(f"{base}/portal/staff/day/?day={day}")
    expect(page.locator(f'a[href="/portal/staff/bookings/{booking.pk}/"]')).to_have_count(0)


def test_a_resident_on_a_phone_sees_the_office_cancel_their_appointment_even_from_a_stale_page(
    open_page: Any, demo_city: Any
) -> None:
    resident = resident_account(MOBILE)
    booking = _booked(resident)
    phone = open_page(viewport=PHONE)
    sign_in_resident(phone, demo_city.url, MOBILE)
    phone.goto(f"{demo_city.url}/portal/appointments/")
    mine = phone.get_by_test_id("my-booking")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text(booking.slot.service.name)
    _no_sideways_scrolling(phone)

    # The office cancels while the resident's page still shows the appointment with its button.
    officer = User.objects.get(username="officer")
    appointments.booking_cancel_by_office(by=officer, booking_id=booking.pk, reason=REASON)
    # The resident's cancel now comes too late: told so in Chinese (not a "not found" page).
    mine.get_by_test_id("cancel-booking").click()
    expect(phone.locator(".portal-messages li.error")).to_contain_text("该预约已取消")
    expect(phone.get_by_test_id("my-booking")).to_have_count(0)
    cancelled = phone.get_by_test_id("cancelled-by-office")
    expect(cancelled).to_have_count(1)
    expect(cancelled).to_contain_text(booking.slot.service.name)
    expect(cancelled).to_contain_text("警务室已取消此预约，请另约时间。")
    # The reason is the office's record (it may name others): the resident is not shown it.
    expect(phone.locator("main")).not_to_contain_text(REASON)
    _no_sideways_scrolling(phone)
    _within_the_screen(cancelled)
    # Told once; the resident's late cancel neither changed the office's cancel nor told again.
    assert Notification.objects.filter(kind="portal.booking.cancelled", recipient=resident).count() == 1
    b = Booking.objects.get(pk=booking.pk)
    assert (b.status, b.cancelled_by_id, b.cancel_reason) == (BookingStatus.CANCELLED, officer.pk, REASON)
    assert not AuditEvent.objects.filter(action="portal.booking.cancel", object_id=str(booking.pk)).exists()


def test_a_resident_on_a_phone_rates_a_past_visit_once(open_page: Any, demo_city: Any) -> None:
    resident = resident_account(MOBILE)
    # A visit of yesterday (booked before its time: nobody books a past time).
    past = Slot.objects.create(service=_service(), starts_at=timezone.now() - timedelta(days=1))
    visit = Booking.objects.create(slot=past, resident=resident)
    phone = open_page(viewport=PHONE)
    base = demo_city.url
    sign_in_resident(phone, base, MOBILE)
    phone.goto(f"{base}/portal/appointments/")
    to_rate = phone.get_by_test_id("visit-to-rate")
    expect(to_rate).to_have_count(1)
    to_rate.get_by_test_id("rate-visit").click()
    phone.wait_for_url(lambda url: url.rstrip("/").endswith(f"/portal/tips/appointments/{visit.pk}/rate"))
    rate_url = phone.url
    form = phone.get_by_test_id("visit-rate-form")
    expect(form).to_be_visible()
    # The form fits the phone: no sideways scrolling, every control on the screen.
    _no_sideways_scrolling(phone)
    rating, comment = form.locator("select[name=rating]"), form.locator("textarea[name=comment]")
    submit = phone.get_by_test_id("visit-rate-submit")
    for control in (rating, comment, submit):
        _within_the_screen(control)
    # The same form open in a second tab: sent after the first, it must not rate again.
    stale = phone.context.new_page()
    stale.goto(rate_url)
    expect(stale.get_by_test_id("visit-rate-form")).to_be_visible()

    rating.select_option("4")
    comment.fill("材料一次讲清，办得很快")
    submit.click()
    phone.wait_for_url(lambda url: url.rstrip("/").endswith("/portal/appointments"))
    expect(phone.locator(".portal-messages")).to_contain_text("感谢您的评议。")
    expect(phone.get_by_test_id("visit-to-rate")).to_have_count(0)
    _no_sideways_scrolling(phone)
    row = Evaluation.objects.get(resident=resident, kind=APPOINTMENT, object_id=visit.pk)
    assert (row.rating, row.comment) == (4, "材料一次讲清，办得很快")

    stale.locator("select[name=rating]").select_option("1")
    stale.get_by_test_id("visit-rate-submit").click()
    stale.wait_for_url(lambda url: url.rstrip("/").endswith("/portal/appointments"))
    expect(stale.locator(".portal-messages")).to_contain_text("您已评议过本次办事，谢谢。")
    # And by its address again: the form is not offered.
    phone.goto(rate_url)
    phone.wait_for_url(lambda url: url.rstrip("/").endswith("/portal/appointments"))
    expect(phone.locator(".portal-messages")).to_contain_text("您已评议过本次办事，谢谢。")
    assert Evaluation.objects.filter(kind=APPOINTMENT, object_id=visit.pk).count() == 1
    assert Evaluation.objects.get(kind=APPOINTMENT, object_id=visit.pk).rating == 4
