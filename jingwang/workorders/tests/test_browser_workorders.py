"""吹哨报到 in a real browser: a grid worker blows the whistle from a phone, the department
accepts and reports back, the grid worker confirms."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang import upload_testing
from jingwang.browser_testing import sign_in

pytestmark = pytest.mark.browser


def test_grid_worker_whistles_from_a_phone_department_reports_back_raiser_confirms(
    open_page: Any, demo_city: Any, settings: Any, tmp_path: Any
) -> None:
    settings.REQUIRE_MFA = False
    settings.DATA_DIR = tmp_path
    phone = open_page(viewport=(390, 844))
    sign_in(phone, demo_city.url, "gridworker")
    phone.goto(f"{demo_city.url}/workorders/raise/")
    form = phone.get_by_test_id("raise-form")
    form.locator("select[name=department]").select_option(label="区城市管理局")
    form.locator("input[name=title]").fill("楼道堆放杂物堵塞消防通道")
    form.locator("textarea[name=description]").fill("3栋2单元楼道堆放大量纸箱，堵塞消防通道。")
    form.locator("input[name=photos]").set_input_files(
        [{"name": "scene.png", "mimeType": "image/png", "buffer": upload_testing.png()}]
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    phone.get_by_test_id("raise-submit").click()
    phone.wait_for_url(lambda url: "/workorders/raise/" not in url)
    number = phone.get_by_test_id("case-number").inner_text().split()[0]
    assert phone.get_by_test_id("current-state").count() == 1  # the first step is marked current
    assert phone.get_by_test_id("deadline-badge").get_attribute("data-badge") == "green"
    assert "scene.png" in phone.get_by_test_id("attachments").inner_text()

    desk = open_page()
    sign_in(desk, demo_city.url, "deptstaff")
    desk.goto(f"{demo_city.url}/workorders/")
    desk.get_by_test_id("workorders").locator("tr").filter(has_text=number).locator("a").first.click()
    desk.get_by_test_id("transition-accept").click()
    desk.get_by_test_id("transitions").locator("input[name=note]").fill("已清理楼道杂物，通道畅通。")
    desk.get_by_test_id("transition-report").click()
    assert "已清理楼道杂物" in desk.get_by_test_id("report").inner_text()

    phone.reload()
    assert "已清理楼道杂物" in phone.get_by_test_id("report").inner_text()
    phone.get_by_test_id("transitions").locator("input[name=note]").fill("现场核实，已解决")
    phone.get_by_test_id("transition-confirm").click()
    kinds = phone.get_by_test_id("case-timeline").locator("li").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds[0] == "opened" and kinds.count("transition") == 3
    assert phone.get_by_test_id("deadline-badge").get_attribute("data-badge") == "closed"
