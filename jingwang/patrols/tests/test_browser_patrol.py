"""On a 390 px phone: the officer starts a patrol, checks in three times (the device's location
taken by the page), raises a hazard with a photo on the spot, tells the property management, records
its rectification with evidence, re-checks it and closes it."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang import upload_testing
from jingwang.browser_testing import sign_in

pytestmark = pytest.mark.browser
WHERE = {"latitude": 32.0574, "longitude": 118.7725}


def _no_sideways(phone: Any) -> None:
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def _located(phone: Any) -> None:
    phone.wait_for_function("document.getElementById('id_lat') && document.getElementById('id_lat').value !== ''")


def test_patrol_with_three_checkins_raises_a_hazard_that_is_rectified_rechecked_and_closed(
    open_page: Any, demo_city: Any, settings: Any
) -> None:
    settings.REQUIRE_MFA = False
    phone = open_page(viewport=(390, 844), geolocation=WHERE, permissions=["geolocation"])
    sign_in(phone, demo_city.url, "officer")

    phone.goto(f"{demo_city.url}/patrols/plan/")
    form = phone.get_by_test_id("patrol-form")
    form.locator("input[name=title]").fill("宁海路夜间巡逻")
    form.locator("select[name=kind]").select_option("ad_hoc")
    form.locator("select[name=area]").select_option(index=1)
    _no_sideways(phone)
    phone.get_by_test_id("patrol-submit").click()
    phone.wait_for_url(lambda url: "/patrols/plan/" not in url)
    patrol_url = phone.url

    for seen in ("宁海路沿街商铺正常", "颐和路12号一楼窗口飞线充电", "北京西路路灯正常"):
        _located(phone)
        phone.get_by_test_id("checkin-form").locator("textarea[name=seen]").fill(seen)
        phone.get_by_test_id("checkin-submit").click()
        phone.wait_for_url(patrol_url)
        phone.wait_for_load_state("load")
    checkins = phone.get_by_test_id("checkins").locator("li")
    assert checkins.count() == 3
    assert "32.057400, 118.772500" in checkins.nth(1).inner_text()
    _no_sideways(phone)

    phone.get_by_test_id("raise-hazard").click()
    form = phone.get_by_test_id("hazard-form")
    form.locator("select[name=grid]").select_option(index=1)
    form.locator("select[name=category]").select_option(label="飞线充电")
    form.locator("textarea[name=description]").fill("一楼窗口拉线给电动车充电")
    form.locator("input[name=place]").fill("颐和路12号")
    form.locator("input[name=photos]").set_input_files(
        [{"name": "hazard.png", "mimeType": "image/png", "buffer": upload_testing.png()}]
    )
    _located(phone)
    _no_sideways(phone)
    phone.get_by_test_id("hazard-submit").click()
    phone.wait_for_url(lambda url: "/hazards/" in url)
    assert "hazard.png" in phone.get_by_test_id("attachments").inner_text()
    assert "32.057400, 118.772500" in phone.get_by_test_id("location").inner_text()
    hazard_url = phone.url

    notice = phone.get_by_test_id("notify-form")
    notice.locator("select[name=responsible_kind]").select_option("property")
    notice.locator("input[name=responsible_name]").fill("颐和物业服务中心")
    notice.locator("input[name=days]").fill("2")
    notice.locator("input[name=note]").fill("已当面告知物业，限两日内整改")
    phone.get_by_test_id("transition-notify").click()
    phone.wait_for_load_state("load")
    assert phone.get_by_test_id("current-state").inner_text() == "已告知：整改中"
    assert "颐和物业服务中心" in phone.content()

    moves = phone.get_by_test_id("transitions")
    moves.locator("input[name=note]").fill("物业已拆除飞线，改至充电桩充电")
    moves.locator("input[name=files]").set_input_files(
        [{"name": "rectified.png", "mimeType": "image/png", "buffer": upload_testing.png(text=b"after")}]
    )
    phone.get_by_test_id("transition-rectify").click()
    phone.wait_for_load_state("load")
    assert phone.get_by_test_id("current-state").inner_text() == "已整改：待复查"
    assert "rectified.png" in phone.get_by_test_id("attachments").inner_text()

    phone.get_by_test_id("transitions").locator("input[name=note]").fill("复查：飞线已拆除")
    phone.get_by_test_id("transition-recheck").click()
    phone.wait_for_load_state("load")
    assert phone.get_by_test_id("current-state").inner_text() == "复查合格：已办结"
    assert phone.get_by_test_id("deadline-badge").get_attribute("data-badge") == "closed"
    _no_sideways(phone)

    phone.goto(patrol_url)
    raised = phone.get_by_test_id("raised").inner_text()
    assert "隐患" in raised
    phone.get_by_test_id("raised").locator("a").click()
    phone.wait_for_load_state("load")
    assert phone.get_by_test_id("current-state").inner_text() == "复查合格：已办结"
    assert phone.url.split("?")[0] == hazard_url.split("?")[0]
