"""Bureau, station and police district maps draw the union of their grids (no boundaries of their own)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from shapely.geometry import shape

from jingwang.testing import World, sign_in


def _shapes(client: Client, kind: str, code: str) -> list[dict]:
    response = client.get(reverse("territory:node", args=[kind, code]))
    assert response.status_code == 200
    return response.context["shapes"]


@pytest.mark.django_db
def test_police_district_map_draws_the_union_of_its_grids(client: Client, world: World) -> None:
    sign_in(client, world.officer_a)
    shapes = _shapes(client, "police_district", "320106001001")
    main = [s for s in shapes if s["main"]]
    assert len(main) == 1
    assert shape(main[0]["geometry"]).bounds == pytest.approx((118.70, 32.00, 118.80, 32.20))
    assert shape(main[0]["geometry"]).area == pytest.approx(0.1 * 0.2)


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "code"), [("station", "320106001"), ("bureau", "320106")])
def test_station_and_bureau_maps_draw_their_area_and_their_parts(
    client: Client, world: World, kind: str, code: str
) -> None:
    sign_in(client, world.commander)
    shapes = _shapes(client, kind, code)
    main = [s for s in shapes if s["main"]]
    assert len(main) == 1
    assert shape(main[0]["geometry"]).bounds == pytest.approx((118.70, 32.00, 118.90, 32.20))
    parts = [s for s in shapes if not s["main"]]
    assert parts and all(s["kind"] in ("station", "police_district") for s in parts)


@pytest.mark.django_db
def test_station_page_no_longer_says_no_boundary_was_drawn(client: Client, world: World) -> None:
    sign_in(client, world.leader)
    page = client.get(reverse("territory:node", args=["station", "320106001"])).content.decode()
    assert 'data-testid="node-map"' in page
    assert "尚未绘制边界" not in page and "No boundary has been drawn" not in page
