"""The map page: the page contract, and what the page carries (layers, figures, credits)."""

from __future__ import annotations

from typing import Any

from jingwang.maps import views
from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World, sign_in


class TestMapPage(ScopedPageContract):
    other_pages = (views.MapPage,)
    viewer = "leader"
    no_permission_user = "resident"

    def in_scope(self, world: World) -> Any:
        return None  # the page lists no record: its layers are proven in test_scope.py


def test_the_page_offers_the_layers_and_figures_and_draws_with_static_scripts_only(world: World, client: Any) -> None:
    sign_in(client, world.users["leader"])
    html = client.get("/map/").content.decode()
    for marker in (
        'data-testid="map"',
        'value="addresses"',
        'value="disputes"',
        'value="residents"',
        'value="open_disputes"',
    ):
        assert marker in html, marker
    assert "maps/map.js" in html and "vendor/leaflet/leaflet.js" in html
    assert "<script>" not in html.replace('<script id="map-config" type="application/json">', "")
    assert "style=" not in html


def test_the_map_approval_number_and_the_tile_source_are_shown_when_configured(
    world: World, client: Any, settings: Any
) -> None:
    sign_in(client, world.users["leader"])
    assert 'data-testid="map-credits"' not in client.get("/map/").content.decode()
    settings.MAP_TILE_SOURCE = "xyz"
    settings.MAP_TILE_URL = "https://tiles.police.internal/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "公安专网地图"
    settings.MAP_APPROVAL_NUMBER = "GS(2026)1234号"
    html = client.get("/map/").content.decode()
    assert 'data-testid="map-credits"' in html and "GS(2026)1234号" in html and "公安专网地图" in html
