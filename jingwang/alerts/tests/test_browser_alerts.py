"""Two browsers: the station leader sends an alert to a grid; the grid worker's open page shows it
without reloading; they acknowledge with a photo on a phone; the leader's board shows the
acknowledgement and the photo, again without reloading."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jingwang import upload_testing as files
from jingwang.browser_testing import sign_in
from jingwang.demo.seed import FIRST_COMMUNITY

pytestmark = pytest.mark.browser
TITLE = "协查：白色面包车"


def test_a_leader_sends_an_alert_and_sees_the_grid_workers_photo_acknowledgement(
    open_page: Any, demo_city: Any, settings: Any
) -> None:
    settings.REQUIRE_MFA = False
    worker = open_page(viewport=(390, 844))
    sign_in(worker, demo_city.url, "gridworker")
    worker.goto(f"{demo_city.url}/alerts/mine/")
    expect(worker.get_by_test_id("my-alerts")).to_be_visible()
    assert TITLE not in worker.get_by_test_id("my-alerts").inner_text()
    worker.evaluate("window.__stayed = 'yes'")  # gone if the page reloads

    leader = open_page()
    sign_in(leader, demo_city.url, "leader")
    leader.goto(f"{demo_city.url}/alerts/send/")
    form = leader.get_by_test_id("alert-send-form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("textarea[name=body]").fill("车牌苏A·5K2X9，涉嫌盗窃电动车，发现请勿靠近，立即反馈位置。")
    form.locator("select[name=priority]").select_option("normal")
    picker = leader.get_by_test_id("scope-picker-area")
    grid = f"{FIRST_COMMUNITY}001"
    picker.locator("input[data-node-filter]").fill(grid)
    option = picker.locator(f'label:has(input[value="grid:{grid}"])')
    expect(option).to_be_visible()
    option.locator("input").check()
    leader.get_by_test_id("alert-send-submit").click()
    leader.wait_for_url(lambda url: "/alerts/send/" not in url)
    expect(leader.get_by_test_id("alert-title")).to_have_text(TITLE)
    expect(leader.get_by_test_id("acknowledgements")).to_contain_text("暂无人签收")

    # The worker's page, left open, shows the new alert by itself.
    new = worker.get_by_test_id("my-alert").filter(has_text=TITLE)
    expect(new).to_be_visible(timeout=15_000)
    assert worker.evaluate("window.__stayed") == "yes"
    new.get_by_test_id("my-alert-link").click()
    expect(worker.get_by_test_id("received-title")).to_have_text(TITLE)
    ack = worker.get_by_test_id("ack-form")
    ack.locator("textarea[name=text]").fill("车辆停在宁海路菜场北侧")
    ack.locator("input[name=place]").fill("宁海路菜场北门")
    ack.locator("input[name=photo]").set_input_files(
        {"name": "car.jpg", "mimeType": "image/jpeg", "buffer": files.jpeg()}
    )
    assert worker.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    worker.get_by_test_id("ack-submit").click()
    expect(worker.get_by_test_id("acknowledged")).to_be_visible()

    # The leader's board, left open, shows the acknowledgement and the photo.
    board = leader.get_by_test_id("board")
    expect(board.get_by_test_id("ack").filter(has_text="孙丽华")).to_be_visible(timeout=15_000)
    item = board.get_by_test_id("feedback-item").filter(has_text="宁海路菜场北门")
    expect(item).to_be_visible()
    photo = item.get_by_test_id("feedback-photo")
    expect(photo).to_be_visible()
    loaded = photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert loaded, "the feedback photo did not load"
    expect(leader.get_by_test_id("count-acknowledged")).to_contain_text("1")
