"""The map draws every layer in a browser, with no tile source (boundaries as vectors)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from jingwang.browser_testing import ARTIFACTS, sign_in
from jingwang.demo.incidents_seed import seed_incidents
from jingwang.demo.maps_seed import seed_maps
from jingwang.demo.registry_seed import seed_registry
from jingwang.maps.layers import LAYERS

pytestmark = pytest.mark.browser
SOME = re.compile(r"^[1-9][0-9]*$")


def test_commander_s_map_draws_boundaries_and_every_layer_without_tiles(
    open_page: Any, demo_city: Any, settings: Any
) -> None:
    settings.REQUIRE_MFA = False
    settings.MAP_TILE_SOURCE = ""
    settings.MAP_TILE_URL = ""
    seed_registry(residents=200)
    assert seed_incidents(months=3, per_grid_month=0.5).created > 0
    assert seed_maps()["addresses"] > 0
    page = open_page()
    sign_in(page, demo_city.url, "commander")
    page.goto(f"{demo_city.url}/map/")
    the_map = page.locator('#jw-map[data-ready="1"]')
    expect(the_map).to_be_visible()
    expect(the_map).to_have_attribute("data-boundaries", SOME)
    expect(the_map.locator("path.map-boundary").first).to_be_attached()
    assert the_map.locator("img.leaflet-tile").count() == 0  # no tile source: vectors only
    for key in LAYERS:
        expect(the_map).to_have_attribute(f"data-layer_{key}", SOME)
    expect(the_map.locator(".map-cluster").first).to_be_visible()  # the addresses, clustered server-side
    for key in ("disputes", "venues", "incidents"):
        expect(the_map.locator(f"path.map-point-{key}").first).to_be_attached()
    page.select_option('[data-testid="map-figure"]', "residents")
    expect(page.locator('[data-testid="map-legend"]')).to_contain_text("各网格登记居民数")
    page.screenshot(path=str(Path(ARTIFACTS) / "map-every-layer.png"), full_page=True)
    # Toggled off, a layer leaves the map.
    page.uncheck('[data-testid="map-toggle-incidents"]')
    expect(the_map).to_have_attribute("data-layer_incidents", "off")
    expect(the_map.locator("path.map-point-incidents")).to_have_count(0)
    expect(the_map).to_have_attribute("data-ready", "1")  # no request left in flight when the database is flushed
