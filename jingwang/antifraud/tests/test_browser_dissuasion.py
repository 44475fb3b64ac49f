"""Dissuasion on a 390 px phone: the officer takes a high-risk warning (签收), records a call that
was not answered (未接通), goes face to face (下派见面), ticks the visit checklist and records the
outcome 及时劝阻; the page never scrolls sideways and shows the person only masked."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.browser_testing import sign_in

pytestmark = pytest.mark.browser


def _no_sideways(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_officer_takes_a_warning_fails_a_call_visits_with_the_checklist_and_dissuades(
    open_page: Any, demo_city: Any, settings: Any
) -> None:
    settings.REQUIRE_MFA = False
    phone = open_page(viewport=(390, 844))
    sign_in(phone, demo_city.url, "officer")
    phone.goto(f"{demo_city.url}/antifraud/")
    listed = phone.get_by_test_id("warnings")
    assert "顾**" in listed.inner_text() and "顾桂兰" not in phone.content()
    _no_sideways(phone)
    listed.get_by_role("link", name="顾**").first.click()
    phone.wait_for_load_state("load")
    assert phone.get_by_test_id("current-state").inner_text() == "待签收"
    assert "顾桂兰" not in phone.content() and "*" in phone.content()

    phone.get_by_test_id("transition-sign").click()
    phone.wait_for_load_state("load")
    assert phone.get_by_test_id("current-state").inner_text() == "已签收"

    call = phone.get_by_test_id("contact-form")
    call.locator("select[name=method]").select_option("phone")
    call.locator("select[name=result]").select_option("not_reached")
    _no_sideways(phone)
    phone.get_by_test_id("transition-contact").click()
    phone.wait_for_load_state("load")
    assert phone.get_by_test_id("current-state").inner_text() == "已联系"
    assert "未接通" in phone.get_by_test_id("contacts").inner_text()

    phone.get_by_test_id("transition-dispatch").click()
    phone.wait_for_load_state("load")
    assert phone.get_by_test_id("current-state").inner_text() == "下派见面"

    visit = phone.get_by_test_id("finish-form")
    visit.locator("select[name=outcome]").select_option("dissuaded")
    ticks = visit.get_by_test_id("checked-ticks")
    for item in ("查看通话和短信记录", "查看大额转账记录", "询问转账对象", "保护账户(止付冻结)"):
        ticks.get_by_label(item).check()
    visit.locator("input[name=note]").fill("见面核查，对象已停止转账")
    _no_sideways(phone)
    phone.get_by_test_id("transition-finish").click()
    phone.wait_for_load_state("load")
    assert phone.get_by_test_id("current-state").inner_text() == "已反馈结果"
    assert "及时劝阻" in phone.content()
    done = phone.get_by_test_id("checklist").locator("li[data-ok=ok]").all_inner_texts()
    assert len(done) == 4 and any("询问转账对象" in d for d in done)
    assert phone.get_by_test_id("deadline-badge").get_attribute("data-badge") == "closed"
    _no_sideways(phone)
