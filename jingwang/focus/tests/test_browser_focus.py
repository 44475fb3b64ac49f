"""The focus ledger's field work in a real browser on a 390 px phone: an officer records a visit with
a photo; a grid worker reports lost contact and the officer records the person found. The grid
worker's pages never name the category."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang import upload_testing
from jingwang.browser_testing import sign_in

pytestmark = pytest.mark.browser
PHONE = (390, 844)
CATEGORY_WORDS = ("刑满释放", "吸毒", "精神障碍", "社区矫正", "信访")


def _open_followup_of(page: Any, base: str, name: str) -> None:
    page.goto(f"{base}/focus/followups/")
    page.get_by_test_id("followups").get_by_role("link", name=name).first.click()
    page.wait_for_load_state("load")


def test_an_officer_records_a_followup_visit_with_a_photo_from_a_phone(
    open_page: Any, demo_city: Any, settings: Any, tmp_path: Any
) -> None:
    settings.REQUIRE_MFA = False
    settings.DATA_DIR = tmp_path
    phone = open_page(viewport=PHONE)
    sign_in(phone, demo_city.url, "officer")
    _open_followup_of(phone, demo_city.url, "王志刚")
    assert phone.get_by_test_id("deadline-badge").get_attribute("data-badge") == "red"  # three days overdue
    form = phone.get_by_test_id("record-form")
    form.locator("select[name=contact_type]").select_option("visit")
    form.locator("input[name=place]").fill("本人家中客厅")
    form.locator("input[name=at_home]").check()
    form.locator("textarea[name=observations]").fill("本人在家，已按时尿检，近期无离开县域。")
    form.locator("input[name=photos]").set_input_files(
        [{"name": "visit.png", "mimeType": "image/png", "buffer": upload_testing.png()}]
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    phone.get_by_test_id("transition-record").click()
    phone.wait_for_load_state("load")
    files = phone.get_by_test_id("attachments")  # the case's files: casework's generic component
    assert "visit.png" in files.inner_text()
    assert files.get_by_role("link", name="visit.png").get_attribute("href").startswith("/cases/")
    assert phone.get_by_test_id("deadline-badge").get_attribute("data-badge") == "closed"
    assert phone.get_by_test_id("record-form").count() == 0
    assert "本人家中客厅" in phone.content()
    # the next follow-up is open, due one cadence interval (high risk: 30 days) from today
    phone.goto(f"{demo_city.url}/focus/followups/")
    assert phone.get_by_test_id("followups").get_by_role("link", name="王志刚").count() == 1


def test_a_grid_worker_reports_lost_contact_and_the_officer_records_the_person_found(
    open_page: Any, demo_city: Any, settings: Any
) -> None:
    settings.REQUIRE_MFA = False
    phone = open_page(viewport=PHONE)
    sign_in(phone, demo_city.url, "gridworker")
    _open_followup_of(phone, demo_city.url, "张立军")
    assert not any(word in phone.content() for word in CATEGORY_WORDS)
    lost = phone.get_by_test_id("lost-form")
    lost.locator("input[name=last_seen]").fill("昨晚八点在小区东门，之后电话关机")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_test_id("lost-submit").click()
    phone.wait_for_url(lambda url: "/focus/lost/" in url)
    url = phone.url
    assert "张立军" in phone.get_by_test_id("lost-name").inner_text()
    assert not any(word in phone.content() for word in CATEGORY_WORDS)
    assert phone.get_by_test_id("found-form").count() == 0  # the officer records the finding

    officer = open_page(viewport=PHONE)
    sign_in(officer, demo_city.url, "officer")
    officer.goto(url)
    assert officer.get_by_test_id("deadline-badge").get_attribute("data-badge") == "green"
    officer.get_by_test_id("found-form").locator("input[name=place]").fill("在其姐姐家（宁海路12号）")
    officer.get_by_test_id("transition-found").click()
    officer.wait_for_load_state("load")
    assert officer.get_by_test_id("deadline-badge").get_attribute("data-badge") == "closed"
    assert "在其姐姐家" in officer.content()
    officer.goto(f"{demo_city.url}/focus/lost/")
    assert officer.get_by_test_id("lost-counts").count() == 1
