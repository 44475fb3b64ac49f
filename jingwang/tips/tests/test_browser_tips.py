"""Must show, in a real browser on a 390 px phone: a resident sends a tip with a photo (the place
picked on the map), follows its status as the officer handles it, and rates it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from jingwang.browser_testing import sign_in
from jingwang.casework.services import case_transition
from jingwang.testing import PASSWORD, build_world
from jingwang.tips.catalogue import seed_categories
from jingwang.tips.models import Category, Evaluation, Tip
from jingwang.upload_testing import jpeg

pytestmark = pytest.mark.browser


def test_resident_on_a_phone_sends_a_tip_with_a_photo_follows_it_and_rates_it(
    open_page: Any, live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.REQUIRE_MFA = False
    world = build_world()
    seed_categories(Category)
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(jpeg())

    phone = open_page(viewport=(390, 844))
    sign_in(phone, live_server.url, "resident", PASSWORD)
    phone.goto(f"{live_server.url}/portal/tips/new/")
    assert "110" in phone.get_by_test_id("emergency-banner").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    phone.get_by_label("类别").select_option(label="治安问题")
    phone.get_by_label("发生了什么？").fill("小区东门每晚有人聚众喝酒喧哗到凌晨")
    phone.get_by_label("地点").fill("宁海路1号东门")
    phone.get_by_test_id("tip-map").click()  # the map's middle: grid A1
    assert re.match(r"\d+\.\d+, \d+\.\d+", phone.get_by_test_id("tip-point").inner_text())
    phone.get_by_label("照片（可不传）").set_input_files(str(photo))
    phone.get_by_test_id("tip-submit").click()
    code = phone.get_by_test_id("tracking-code").inner_text().strip()
    assert len(code.replace("-", "")) == 16

    tip = Tip.objects.select_related("case").get()
    assert tip.case.assignee == world.officer_a and tip.case.attachments.count() == 1
    case_transition(by=world.officer_a, case_id=tip.case_id, transition="take")

    # Anyone with the code follows it, signed in or not: here from a second, anonymous phone.
    stranger = open_page(viewport=(390, 844))
    stranger.goto(f"{live_server.url}/portal/tips/track/")
    stranger.get_by_label("查询码").fill(code)
    stranger.get_by_role("button", name="查询").click()
    assert stranger.get_by_test_id("tip-status").get_attribute("data-status") == "handling"
    assert stranger.get_by_test_id("rate-form").count() == 0

    case_transition(by=world.officer_a, case_id=tip.case_id, transition="solve", note="已联系物业加强巡查，喧哗已制止")
    phone.get_by_test_id("tip-follow").click()
    assert phone.get_by_test_id("tip-status").get_attribute("data-status") == "solved"
    assert "已联系物业加强巡查" in phone.get_by_test_id("tip-reply").inner_text()
    form = phone.get_by_test_id("rate-form")
    form.get_by_label("评分（5 分最好）").select_option("5")
    form.get_by_label("意见（可不填）").fill("处理及时，谢谢")
    phone.get_by_test_id("rate-submit").click()
    phone.get_by_test_id("rated").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    rated = Evaluation.objects.get()
    assert (rated.rating, rated.officer, rated.comment) == (5, world.officer_a, "处理及时，谢谢")
