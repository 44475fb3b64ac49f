"""The portal in a real browser, as a resident on a 390 px phone: sign in with a code read from the
text-message outbox → find the officer for an address → book a slot."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.notifications.sms import MemoryBackend
from jingwang.offices.models import PoliceOffice
from jingwang.portal.models import Booking, BookingStatus, Resident
from jingwang.portal.tests.conftest import code_from_outbox
from jingwang.registry.addressing.parser import parse_address
from jingwang.registry.models import Address
from jingwang.territory.models import Node, NodeKind

pytestmark = pytest.mark.browser

MOBILE = "13912340000"
TYPED = "江苏省南京市鼓楼区宁海路街道宁海路10号3栋2单元502室"


def test_a_resident_on_a_phone_signs_in_with_a_code_finds_their_officer_and_books_a_slot(
    open_page: Any, demo_city: Any
) -> None:
    MemoryBackend.outbox.clear()
    office = PoliceOffice.objects.filter(is_active=True).order_by("district__code", "name").first()
    assert office is not None, "the demo seeds the offices"
    grid = Node.objects.filter(kind=NodeKind.GRID, police_district=office.district).order_by("code").first()
    assert grid is not None
    parsed = parse_address(TYPED)
    Address.objects.create(
        grid=grid, division_code=parsed.division_code, township_code=parsed.township_code or "",
        road="宁海路", canonical=parsed.canonical,
    )  # fmt: skip

    phone = open_page(viewport=(390, 844))
    base = demo_city.url
    phone.goto(f"{base}/portal/")
    phone.get_by_test_id("portal-sign-in-link").click()
    phone.get_by_label("手机号码").fill(MOBILE)
    phone.get_by_test_id("portal-send-code").click()
    phone.wait_for_url(lambda url: url.rstrip("/").endswith("/portal/sign-in/code"))
    phone.get_by_label("短信验证码").fill(code_from_outbox(MOBILE))
    phone.get_by_test_id("portal-check-code").click()
    phone.wait_for_url(lambda url: url.rstrip("/").endswith("/portal"))
    assert "您已登录" in phone.locator("main").inner_text()
    assert Resident.objects.count() == 1

    phone.get_by_test_id("link-officer").click()
    phone.get_by_label("您的地址").fill(TYPED)
    phone.get_by_test_id("find-officer").click()
    card = phone.get_by_test_id("officer-card")
    card.wait_for()
    text = card.inner_text()
    assert office.district.name in text and office.name in text and office.phone in text
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling

    card.get_by_test_id("book-service").first.click()
    phone.get_by_test_id("free-slots").wait_for()
    phone.get_by_test_id("book-slot").first.click()
    phone.wait_for_url(lambda url: url.rstrip("/").endswith("/portal/appointments"))
    assert "预约成功" in phone.locator("main").inner_text()
    phone.get_by_test_id("my-booking").first.wait_for()
    booking = Booking.objects.get(status=BookingStatus.BOOKED)
    assert booking.resident == Resident.objects.get().user and booking.slot.service.office == office
