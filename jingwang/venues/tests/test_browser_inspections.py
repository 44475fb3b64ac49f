"""A venue inspection on a 390 px phone: the officer opens a targeted inspection, ticks the checklist
item by item and records the findings as a rectification notice, and the re-inspection closes it;
the hotel's account sees its own venue only, and no list match."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.browser_testing import sign_in

pytestmark = pytest.mark.browser


def test_officer_inspects_on_a_phone_notice_then_reinspection_closes(
    open_page: Any, demo_city: Any, settings: Any
) -> None:
    settings.REQUIRE_MFA = False
    phone = open_page(viewport=(390, 844))
    sign_in(phone, demo_city.url, "officer")
    phone.goto(f"{demo_city.url}/venues/inspections/open/")
    form = phone.get_by_test_id("inspect-form")
    form.locator("select[name=venue]").select_option(label="鼓楼宾馆")
    form.locator("input[name=note]").fill("群众反映消防通道堆放杂物")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    phone.get_by_test_id("inspect-submit").click()
    phone.wait_for_url(lambda url: "/venues/inspections/open/" not in url)
    assert "从业人员已报备" in phone.get_by_test_id("checklist").inner_text()  # the trade's checklist
    assert phone.get_by_test_id("current-state").inner_text() == "待检查"

    moves = phone.get_by_test_id("pass-form")  # the inspector's moves share one form with the ticks
    moves.get_by_test_id("checked-ticks").get_by_label("从业人员已报备").check()
    moves.get_by_test_id("failed-ticks").get_by_label("消防通道畅通、灭火器有效").check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    moves.locator("input[name=note]").fill("消防通道堆放纸箱，限期清理。")
    phone.get_by_test_id("transition-notice").click()
    phone.wait_for_load_state("load")
    assert phone.get_by_test_id("current-state").inner_text() == "整改中"
    assert "消防通道堆放纸箱" in phone.get_by_test_id("findings").inner_text()
    recorded = phone.get_by_test_id("checklist").inner_text()
    assert "从业人员已报备：合格" in recorded and "消防通道畅通、灭火器有效：不合格" in recorded
    assert "监控设备正常运行：未检查" in recorded
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    again = phone.get_by_test_id("case-actions").locator("form", has=phone.get_by_test_id("transition-reinspect"))
    again.get_by_test_id("checked-ticks").get_by_label("消防通道畅通、灭火器有效").check()
    again.locator("input[name=note]").fill("复查：通道已清理。")
    phone.get_by_test_id("transition-reinspect").click()
    phone.wait_for_load_state("load")
    assert phone.get_by_test_id("current-state").inner_text() == "已整改：办结"
    assert phone.get_by_test_id("deadline-badge").get_attribute("data-badge") == "closed"
    kinds = phone.get_by_test_id("case-timeline").locator("li").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds.count("transition") == 2
    assert "消防通道畅通、灭火器有效：合格" in phone.get_by_test_id("checklist").inner_text()

    hotel = open_page(viewport=(390, 844))
    sign_in(hotel, demo_city.url, "hotel")
    hotel.goto(f"{demo_city.url}/venues/")
    names = hotel.get_by_test_id("venues").inner_text()
    assert "鼓楼宾馆" in names and "星光KTV" not in names
    hotel.get_by_test_id("venues").locator("a").first.click()
    assert hotel.get_by_test_id("venue-forms").is_visible()
    assert hotel.get_by_test_id("venue-hits").count() == 0 and "贾某某" not in hotel.content()
