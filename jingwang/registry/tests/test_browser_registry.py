"""Collect → verify in a real browser: a grid worker on a phone, the officer at a desk."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from jingwang.browser_testing import sign_in
from jingwang.core.identity import synthetic_id_number

pytestmark = pytest.mark.browser

# Inside grid 320106001001001 of the demo city (鼓楼区, 宁海路街道, first community, first grid).
WHERE = {"longitude": 118.734, "latitude": 32.088}


def test_grid_worker_submits_a_resident_the_officer_accepts_and_the_record_appears_everywhere(
    open_page: Any, demo_city: Any, settings: Any
) -> None:
    settings.REQUIRE_MFA = False
    id_number = synthetic_id_number(region="320106", birth=date(1990, 5, 17), seq=321)
    desk = open_page()
    sign_in(desk, demo_city.url, "officer")
    desk.goto(f"{demo_city.url}/registry/quality/")
    quality = desk.get_by_test_id("quality-320106001001").get_by_test_id("quality-persons")
    before = int(quality.inner_text())  # the demo's own residents there (focus persons, venue staff)
    phone = open_page(viewport=(390, 844), geolocation=WHERE, permissions=["geolocation"])
    sign_in(phone, demo_city.url, "gridworker")
    phone.goto(f"{demo_city.url}/registry/collect/")
    form = phone.get_by_test_id("collect-form")
    form.locator("input[name=name]").fill("测试新居民")
    form.locator("input[name=id_number]").fill(id_number)
    form.locator("input[name=phone]").fill("13912345678")
    form.locator("input[name=address]").fill("南京市鼓楼区宁海路街道宁海路5号2栋1单元302室")
    phone.locator("#locate-me").click()
    phone.wait_for_function("document.getElementById('id_lon').value !== ''")
    phone.get_by_test_id("collect-submit").click()
    assert "测试新居民" in phone.get_by_test_id("my-submissions").inner_text()

    desk.goto(f"{demo_city.url}/registry/queue/")
    item = desk.get_by_test_id("queue-item").filter(has_text="测试新居民")
    assert id_number not in item.inner_text()  # the queue shows the masked number in its summary
    item.get_by_test_id("accept").click()
    assert desk.get_by_test_id("queue-item").filter(has_text="测试新居民").count() == 0

    desk.goto(f"{demo_city.url}/registry/persons/")
    desk.get_by_test_id("person-search").locator("input[name=q]").fill(id_number)
    desk.get_by_test_id("person-search").locator("button.primary").click()
    table = desk.get_by_test_id("person-table")
    assert "测试新居民" in table.inner_text() and id_number not in table.inner_text()

    desk.goto(f"{demo_city.url}/territory/grid/320106001001001/")
    desk.wait_for_selector('#map[data-ready="1"]')
    assert int(desk.locator("#map").get_attribute("data-points") or 0) >= 1

    desk.goto(f"{demo_city.url}/registry/quality/")
    assert desk.get_by_test_id("quality-320106001001").get_by_test_id("quality-persons").inner_text() == str(before + 1)

    phone.reload()
    assert (
        "已采纳" in phone.get_by_test_id("my-submissions").inner_text()
        or "Accepted" in phone.get_by_test_id("my-submissions").inner_text()
    )
