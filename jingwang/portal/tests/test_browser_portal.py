"""The portal in a real browser, as a resident on a 390 px phone: sign in with a code read from the
text-message outbox → find the officer for an address → book a slot."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.notifications.sms import MemoryBackend
from jingwang.offices.models import PoliceOffice
from jingwang.portal.models import Booking, BookingStatus, Resident
from jingwang.portal.tests.conftest import sign_in_resident
from jingwang.registry.addressing.parser import parse_address
from jingwang.registry.models import Address
from jingwang.territory.models import Node, NodeKind

pytestmark = pytest.mark.browser

MOBILE = "13912340000"
TYPED = "江苏省南京市鼓楼区宁海路街道宁海路10号3栋2单元502室"


def test_a_resident_on_a_phone_signs_in_with_a_code_finds_their_officer_and_books_a_slot(
    open_page: Any, demo_city: Any
) -> None:
    _sign_in_find_the_officer_and_book(open_page, demo_city)


def _sign_in_find_the_officer_and_book(open_page: Any, demo_city: Any) -> Any:
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
    sign_in_resident(phone, base, MOBILE)
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
    # The demo's own resident has visits too (a rated one, one the officer cancelled): this one's.
    booking = Booking.objects.get(status=BookingStatus.BOOKED, resident=Resident.objects.get().user)
    assert booking.slot.service.office == office
    return phone


def test_a_resident_signed_in_with_a_code_books_then_sends_a_tip_follows_it_and_rates_it(
    open_page: Any, demo_city: Any, tmp_path: Any
) -> None:
    """The whole journey in one phone: sign in with a code → find the officer → book a slot →
    send a tip with a photo → follow its status as the officer handles it → rate it."""
    from jingwang.accounts.models import User
    from jingwang.casework.services import case_transition
    from jingwang.demo.seed import FIRST_COMMUNITY
    from jingwang.tips.models import Evaluation, Tip
    from jingwang.upload_testing import jpeg

    phone = _sign_in_find_the_officer_and_book(open_page, demo_city)
    base = demo_city.url

    photo = tmp_path / "现场.jpg"
    photo.write_bytes(jpeg())
    community = Node.objects.get(kind=NodeKind.COMMUNITY, code=FIRST_COMMUNITY)
    phone.goto(f"{base}/portal/tips/new/")
    phone.locator("select[name=category]").select_option(index=0)
    phone.locator("textarea[name=description]").fill("小区东门每晚有人聚众喝酒喧哗到凌晨")
    phone.locator("input[name=address_text]").fill("东门")
    phone.locator("select[name=community]").select_option(value=str(community.pk))
    phone.locator("input[name=photos]").set_input_files(str(photo))
    phone.get_by_test_id("tip-submit").click()
    phone.get_by_test_id("tracking-code").wait_for()
    resident = Resident.objects.get().user
    tip = Tip.objects.select_related("case").get(resident=resident)
    assert tip.case.attachments.count() == 1

    officer = User.objects.get(username="officer")  # the demo's officer of the first community
    case_transition(by=officer, case_id=tip.case_id, transition="take")
    case_transition(by=officer, case_id=tip.case_id, transition="solve", note="已联系物业加强巡查，喧哗已制止")
    phone.get_by_test_id("tip-follow").click()
    assert phone.get_by_test_id("tip-status").get_attribute("data-status") == "solved"
    form = phone.get_by_test_id("rate-form")
    form.locator("select[name=rating]").select_option("5")
    phone.get_by_test_id("rate-submit").click()
    phone.get_by_test_id("rated").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert Evaluation.objects.get(resident=resident, object_id=tip.pk).rating == 5
