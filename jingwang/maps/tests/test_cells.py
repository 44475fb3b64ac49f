"""Server-side clusters: the precomputed cells count every point once at every zoom, match an
independent count from the rows, and the map's answers follow the box, zoom, period and category."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

from jingwang.maps import cells, selectors
from jingwang.maps.cells import Box
from jingwang.maps.layers import LAYERS, Period, PointLayer, register_layer
from jingwang.maps.models import MapCell, MapCellState
from jingwang.maps.tests.conftest import A1, C1, EVERYWHERE, POINTS, Mapped, add_address, api_for
from jingwang.registry.models import Address


def test_every_zoom_counts_every_address_once_with_its_mean_position(mapped: Mapped) -> None:
    addresses = list(Address.objects.filter(is_active=True, lon__isnull=False))
    for zoom in range(cells.MIN_ZOOM, cells.CELL_ZOOM + 1):
        rows = MapCell.objects.filter(layer="addresses", zoom=zoom)
        assert sum(r.count for r in rows) == len(addresses), zoom
        expected: dict[tuple[int, int, int], list[Address]] = {}
        for a in addresses:
            cx, cy = cells.cell_of(a.lon, a.lat, zoom)  # type: ignore[arg-type]
            expected.setdefault((cx, cy, a.grid_id), []).append(a)
        got = {(r.cx, r.cy, r.grid_id): r for r in rows}
        assert set(got) == set(expected), zoom
        for key, members in expected.items():
            assert got[key].count == len(members)
            assert math.isclose(got[key].lon_sum, sum(m.lon for m in members))  # type: ignore[misc]
    assert MapCellState.objects.get(layer="addresses").points == len(addresses)


def test_clusters_in_a_box_equal_an_independent_count_of_the_addresses_in_its_cells(mapped: Mapped) -> None:
    rng = random.Random(7)
    grid = mapped.node(A1)
    for _ in range(200):
        add_address(grid, rng.uniform(118.70, 118.80), rng.uniform(32.00, 32.10))
    cells.rebuild("addresses")
    leader = mapped.world.users["leader"]
    visible = list(Address.objects.restrict(leader, "view").filter(is_active=True))
    for zoom, box in [
        (8, Box(118.6, 31.9, 119.1, 32.3)),
        (13, Box(118.72, 32.02, 118.77, 32.06)),
        (16, Box(118.74, 32.04, 118.76, 32.06)),
    ]:
        x0, y0, x1, y1 = box.cells(zoom)
        placed = [cells.cell_of(float(a.lon or 0), float(a.lat or 0), zoom) for a in visible]
        expected = len([1 for cx, cy in placed if x0 <= cx <= x1 and y0 <= cy <= y1])
        data = selectors.features(leader, LAYERS["addresses"], box, zoom)
        assert data["mode"] == "clusters"
        assert sum(f["properties"]["count"] for f in data["features"]) == expected, zoom
        assert expected > 0


def test_a_retired_address_leaves_the_clusters_at_the_next_rebuild(mapped: Mapped) -> None:
    leader = mapped.world.users["leader"]

    def total() -> int:
        data = selectors.features(leader, LAYERS["addresses"], Box(118, 31, 120, 33), 10)
        return sum(f["properties"]["count"] for f in data["features"])

    assert total() == 7
    Address.objects.filter(pk=mapped.addresses[A1][0].pk).update(is_active=False)
    cells.rebuild("addresses")
    assert total() == 6


def test_too_many_points_in_the_box_are_clustered_on_the_fly(mapped: Mapped, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selectors, "MAX_POINTS", 1)
    leader_2 = mapped.world.users["leader_2"]
    data = selectors.features(leader_2, LAYERS["disputes"], Box(118, 31, 120, 33), 12)
    assert data["mode"] == "clusters"
    assert sum(f["properties"]["count"] for f in data["features"]) == 2  # the placed one and the one at its grid
    assert all("id" not in f["properties"] for f in data["features"])  # a cluster names no record


def test_period_and_category_filter_the_layers(mapped: Mapped) -> None:
    leader = mapped.world.users["leader"]
    box = Box(118, 31, 120, 33)
    incident = mapped.incidents[A1]
    day = incident.occurred_at.date()
    kind = incident.category.kind
    shown = {
        f["properties"]["id"]
        for f in selectors.features(leader, LAYERS["incidents"], box, 12, Period(day, day))["features"]
    }
    assert shown == {incident.pk}
    later = Period(day.replace(year=day.year + 1), None)
    assert selectors.features(leader, LAYERS["incidents"], box, 12, later)["features"] == []
    same_kind = selectors.features(leader, LAYERS["incidents"], box, 12, category=kind)["features"]
    assert [f["properties"]["category"] for f in same_kind] == [kind]
    other_kind = "traffic" if kind != "traffic" else "help"
    assert selectors.features(leader, LAYERS["incidents"], box, 12, category=other_kind)["features"] == []


def test_bad_map_requests_are_a_400_in_the_user_s_language(mapped: Mapped) -> None:
    client = api_for(mapped.world, "leader")
    url = "/api/v1/map/layers/addresses/features/"
    for params in [
        {"bbox": "1,2,3", "zoom": 5},
        {"bbox": "a,b,c,d", "zoom": 5},
        {"bbox": "119,32,118,33", "zoom": 5},
        {"bbox": "118,32,119,33", "zoom": 99},
        {"bbox": "118,32,119,33"},
        {"bbox": "118,32,119,33", "zoom": 5, "since": "2026-02-01", "until": "2026-01-01"},
    ]:
        response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 400, params
        assert response.json()["error"]["fields"], params
    bad_figure = client.get("/api/v1/map/boundaries/", {"figure": "nope"})
    assert bad_figure.status_code == 400 and "figure" in bad_figure.json()["error"]["fields"]
    assert client.get("/api/v1/map/boundaries/", {"kind": "county"}).status_code == 400
    assert client.get("/api/v1/map/layers/nope/features/", {**EVERYWHERE, "zoom": 3}).status_code == 404


def test_figures_equal_an_independent_count(mapped: Mapped) -> None:
    from jingwang.disputes.models import OPEN_STATUSES, Dispute
    from jingwang.registry.tests.conftest import make_person

    make_person(mapped.world, A1, "甲居民")
    make_person(mapped.world, C1, "丙居民")
    commander = api_for(mapped.world, "commander")
    for figure, rows in [("residents", None), ("open_disputes", Dispute.objects.filter(status__in=OPEN_STATUSES))]:
        data = commander.get("/api/v1/map/boundaries/", {"kind": "grid", "figure": figure}).json()
        for feature in data["features"]:
            code = feature["properties"]["code"]
            if rows is None:
                from jingwang.registry.models import Person

                expected = Person.objects.filter(is_active=True, grid__code=code).count()
            else:
                expected = rows.filter(grid__code=code).count()
            assert feature["properties"]["value"] == expected, (figure, code)
        assert sum(f["properties"]["value"] for f in data["features"]) > 0, figure


def test_a_layer_is_declared_once_and_a_clustered_one_takes_no_filter() -> None:
    layer = LAYERS["addresses"]
    with pytest.raises(ValueError, match="twice"):
        register_layer(
            PointLayer(key="addresses", label="x", model="registry.address", lon="lon", lat="lat", title="canonical")
        )
    with pytest.raises(ValueError, match="clustered"):
        register_layer(
            PointLayer(
                key="bad",
                label="x",
                model="registry.address",
                lon="lon",
                lat="lat",
                title="canonical",
                clustered=True,
                date="created_at",
            )
        )
    assert LAYERS["addresses"] is layer and "bad" not in LAYERS


def test_gcj02_tiles_get_converted_coordinates_and_boxes(mapped: Mapped, settings: Any) -> None:
    from jingwang.maps.coords import gcj02_to_wgs84, wgs84_to_gcj02

    lon, lat = POINTS[C1]
    glon, glat = wgs84_to_gcj02(lon, lat)
    offset_m = math.hypot((glon - lon) * 111_320 * math.cos(math.radians(lat)), (glat - lat) * 110_540)
    assert 50 <= offset_m <= 700  # the published offset's range
    back = gcj02_to_wgs84(glon, glat)
    assert abs(back[0] - lon) < 1e-7 and abs(back[1] - lat) < 1e-7
    assert wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)  # outside China, unchanged
    client = api_for(mapped.world, "leader_2")
    plain = client.get("/api/v1/map/layers/incidents/features/", {**EVERYWHERE, "zoom": 12}).json()
    settings.MAP_TILE_COORDS = "gcj02"
    # The map asks for the box in GCJ-02 and gets GCJ-02 back.
    g0, g1 = wgs84_to_gcj02(lon - 0.01, lat - 0.01), wgs84_to_gcj02(lon + 0.01, lat + 0.01)
    shifted = client.get(
        "/api/v1/map/layers/incidents/features/", {"bbox": f"{g0[0]},{g0[1]},{g1[0]},{g1[1]}", "zoom": 12}
    ).json()
    assert [f["properties"]["id"] for f in shifted["features"]] == [f["properties"]["id"] for f in plain["features"]]
    x, y = shifted["features"][0]["geometry"]["coordinates"]
    assert math.isclose(x, glon, abs_tol=1e-6) and math.isclose(y, glat, abs_tol=1e-6)
    assert client.get("/api/v1/map/").json()["crs"] == "gcj02"
