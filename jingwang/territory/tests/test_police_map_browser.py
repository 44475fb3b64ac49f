"""On a phone, a station leader's station page draws the station's area from its grids."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jingwang.browser_testing import sign_in
from jingwang.demo.seed import COUNTY

pytestmark = pytest.mark.browser


def test_station_map_on_a_phone_draws_the_station_and_its_police_districts(
    open_page: Any, demo_city: Any, settings: Any
) -> None:
    settings.REQUIRE_MFA = False
    page = open_page(viewport=(390, 844))
    sign_in(page, demo_city.url, "leader")
    page.goto(f"{demo_city.url}/territory/station/{COUNTY}001/")
    node_map = page.locator('#map[data-ready="1"]')
    expect(node_map).to_be_visible()
    assert int(node_map.get_attribute("data-layers")) >= 2  # the station and at least one district
    expect(node_map.locator("path.leaflet-interactive").first).to_be_attached()
    box = node_map.bounding_box()
    assert box is not None and box["width"] <= 390
