from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from jingwang.territory import services, spatial
from jingwang.territory.selectors import grids_under
from jingwang.testing import World, box, sign_in


def _api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[name])
    return client


def test_grids_under_a_station_come_from_the_police_tree(world: World) -> None:
    station = world.node("station:320106001")
    assert {g.code for g in grids_under(station)} == {"320106001001001", "320106001001002", "320106001002001"}
    district = world.node("police_district:320106001002")
    assert [g.code for g in grids_under(district)] == ["320106001002001"]
    community = world.node("community:320106001001")
    assert {g.code for g in grids_under(community)} == {"320106001001001", "320106001001002"}


def test_points_are_assigned_to_the_grid_that_contains_them(world: World) -> None:
    locator = spatial.locator()
    a1, b1 = world.node("grid:320106001001001"), world.node("grid:320106001002001")
    assert locator.locate(118.75, 32.05) == a1.pk
    assert locator.locate(118.85, 32.15) == b1.pk
    assert locator.locate(100.0, 30.0) is None
    assert locator.locate_many([118.75, 118.85, 100.0], [32.05, 32.15, 30.0]) == [a1.pk, b1.pk, None]


def test_the_spatial_index_follows_a_boundary_change(world: World) -> None:
    a2 = world.node("grid:320106001001002")
    assert spatial.locator().locate(118.75, 32.15) == a2.pk
    services.node_update(
        by=world.sysadmin, node_id=a2.pk, expected_version=None, boundary=box(118.70, 32.10, 118.72, 32.12)
    )
    assert spatial.locator().locate(118.75, 32.15) is None


def test_api_lists_nodes_by_kind_and_parent_code(world: World) -> None:
    client = _api(world, "sysadmin")
    body = client.get("/api/v1/territory/nodes/", {"kind": "grid", "parent": "320106001001"}).json()
    assert [(n["code"], n["kind"], n["parent"]) for n in body["results"]] == [
        ("320106001001001", "grid", "320106001001"),
        ("320106001001002", "grid", "320106001001"),
    ]
    assert set(body["results"][0]) >= {"code", "name", "kind", "parent"}


def test_locate_answers_only_within_scope(world: World) -> None:
    assert (
        _api(world, "officer_a").get("/api/v1/territory/nodes/locate/", {"lon": 118.75, "lat": 32.05}).json()["code"]
        == "320106001001001"
    )
    assert (
        _api(world, "officer_a").get("/api/v1/territory/nodes/locate/", {"lon": 118.85, "lat": 32.05}).status_code
        == 404
    )
    bad = _api(world, "officer_a").get("/api/v1/territory/nodes/locate/", {"lon": 200, "lat": 32.05})
    assert bad.status_code == 400 and "lon" in bad.json()["error"]["fields"]


def test_system_admin_renames_a_node_with_if_match(world: World) -> None:
    grid = world.node("grid:320106001001001")
    client = _api(world, "sysadmin")
    etag = client.get(f"/api/v1/territory/nodes/{grid.pk}/")["ETag"]
    response = client.patch(
        f"/api/v1/territory/nodes/{grid.pk}/", {"name": "甲一网格（新）"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200 and response.json()["name"] == "甲一网格（新）"


def test_bad_boundary_is_a_clear_400(world: World) -> None:
    grid = world.node("grid:320106001001001")
    response = _api(world, "sysadmin").patch(
        f"/api/v1/territory/nodes/{grid.pk}/",
        {"boundary": {"type": "Point", "coordinates": [1, 2]}},
        format="json",
        HTTP_IF_MATCH='"1"',
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and "Polygon" in response.json()["error"]["message"]


def test_tree_page_shows_the_top_of_the_viewers_scope_and_expands(world: World, client: Any) -> None:
    sign_in(client, world.grid_a1)
    page = client.get("/territory/").content.decode()
    assert "甲一网格" in page or "江苏省" in page
    assert "乙一网格" not in page
    # The worker's community is shown for context, but of its grids only the worker's own.
    children = client.get("/territory/community/320106001001/children/").content.decode()
    assert "甲一网格" in children and "甲二网格" not in children
    assert client.get("/territory/community/320106001002/children/").status_code == 404


def test_grid_page_draws_its_boundary(world: World, client: Any) -> None:
    sign_in(client, world.officer_a)
    page = client.get("/territory/grid/320106001001001/").content.decode()
    assert 'id="map"' in page and '"Polygon"' in page and "leaflet.js" in page


def test_officer_tree_lists_grids_under_the_police_district_not_at_the_top(world: World) -> None:
    from jingwang.territory.selectors import roots_for

    assert [n.ref for n in roots_for(world.officer_a)] == ["province:320000"]


def test_node_create_applies_the_import_rules(world: World) -> None:
    import pytest

    from jingwang.core.errors import ServiceError

    community = world.node("community:320106001001")
    with pytest.raises(ServiceError) as no_district:
        services.node_create(by=world.sysadmin, kind="grid", code="320106001001009", name="新网格", parent=community)
    assert no_district.value.code == "police_district_required"
    with pytest.raises(ServiceError) as wrong_parent:
        services.node_create(
            by=world.sysadmin, kind="grid", code="320106001009", name="x", parent=world.node("county:320106")
        )
    assert wrong_parent.value.code == "invalid_parent"
    grid = services.node_create(
        by=world.sysadmin, kind="grid", code="320106001001009", name="新网格", parent=community,
        police_district=world.node("police_district:320106001001"),
    )  # fmt: skip
    assert grid.police_path == "/p320000/c320100/b320106/t320106001/d320106001001/g320106001001009/"


def test_compiled_grid_id_lookup_matches_the_queryset(world: World) -> None:
    from jingwang.territory.selectors import grid_ids_under

    for ref in ("station:320106001", "police_district:320106001002", "community:320106001001", "city:320100"):
        node = world.node(ref)
        assert sorted(grid_ids_under(node)) == sorted(grids_under(node).values_list("id", flat=True)), ref
