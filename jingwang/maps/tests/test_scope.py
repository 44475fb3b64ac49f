"""Scope of the map: a station leader's map never includes another station's records — not in
the boundaries, not in a figure, not in a layer's points, not in a cluster's count."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.audit.models import AuditEvent
from jingwang.core.access import has_permission
from jingwang.maps.layers import LAYERS
from jingwang.maps.selectors import POINT_ZOOM
from jingwang.maps.tests.conftest import A1, C1, EVERYWHERE, POINTS, Mapped, api_for
from jingwang.registry.models import Address

NON_CLUSTERED = [
    "disputes", "incidents", "venues", "hazards", "cameras", "watchpoints", "offices", "patrol_checkins",
]  # fmt: skip


def _features(client: Any, key: str, **params: Any) -> dict[str, Any]:
    response = client.get(f"/api/v1/map/layers/{key}/features/", {**EVERYWHERE, "zoom": 12, **params})
    assert response.status_code == 200, response.content
    return dict(response.json())


def _ids(data: dict[str, Any]) -> set[int]:
    return {f["properties"]["id"] for f in data["features"] if not f["properties"].get("cluster")}


def test_every_declared_layer_is_covered_by_this_scope_test() -> None:
    assert set(LAYERS) == {"addresses", *NON_CLUSTERED}, "a new layer: add its records to the `mapped` fixture"


@pytest.mark.parametrize("key", NON_CLUSTERED)
def test_station_leader_sees_own_station_points_and_never_another_station_s(mapped: Mapped, key: str) -> None:
    by_layer: dict[str, dict[str, Any]] = {
        "disputes": mapped.disputes,
        "incidents": mapped.incidents,
        "venues": mapped.venues,
        "hazards": mapped.hazards,
        "cameras": mapped.cameras,
        "watchpoints": mapped.watchpoints,
        "offices": mapped.offices,
        "patrol_checkins": mapped.patrol_checkins,
    }
    records = by_layer[key]
    own = _ids(_features(api_for(mapped.world, "leader"), key))
    other = _ids(_features(api_for(mapped.world, "leader_2"), key))
    assert records[A1].pk in own and records[C1].pk not in own
    assert records[C1].pk in other and records[A1].pk not in other
    # At the finest zoom, in a box round the other station's record: still nothing.
    lon, lat = POINTS[C1]
    near = {"bbox": f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}", "zoom": 19}
    assert _ids(_features(api_for(mapped.world, "leader"), key, **near)) == set()


def test_a_dispute_without_an_address_is_drawn_at_its_grid_in_scope_only(mapped: Mapped) -> None:
    other = _features(api_for(mapped.world, "leader_2"), "disputes")
    drawn = [f for f in other["features"] if f["properties"].get("id") == mapped.unplaced_dispute.pk]
    assert drawn and drawn[0]["properties"]["approximate"] is True
    lon, lat = drawn[0]["geometry"]["coordinates"]
    assert 118.90 < lon < 119.00 and 32.00 < lat < 32.10  # inside grid C1
    assert mapped.unplaced_dispute.pk not in _ids(_features(api_for(mapped.world, "leader"), "disputes"))


@pytest.mark.parametrize("zoom", [5, 10, 14, 16])
def test_address_clusters_count_only_the_leader_s_station(mapped: Mapped, zoom: int) -> None:
    for name, expected in [("leader", 7), ("leader_2", 4), ("officer_a", 5), ("grid_b1", 2)]:
        data = _features(api_for(mapped.world, name), "addresses", zoom=zoom)
        assert data["mode"] == "clusters"
        counted = sum(f["properties"]["count"] for f in data["features"])
        assert counted == expected, name
        assert counted == Address.objects.restrict(mapped.world.users[name], "view").count()


def test_address_points_at_the_finest_zoom_are_the_leader_s_only(mapped: Mapped) -> None:
    for name, own, other in [("leader", A1, C1), ("leader_2", C1, A1)]:
        client = api_for(mapped.world, name)
        for ref, expected in [(own, {a.pk for a in mapped.addresses[own]}), (other, set())]:
            lon, lat = POINTS[ref]
            box = f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}"
            data = _features(client, "addresses", bbox=box, zoom=POINT_ZOOM)
            assert data["mode"] == "points"
            assert _ids(data) == expected, (name, ref)


def test_boundaries_and_figures_of_a_station_leader_stop_at_the_station(mapped: Mapped) -> None:
    client = api_for(mapped.world, "leader")
    for kind, codes in [
        ("grid", {"320106001001001", "320106001001002", "320106001002001"}),
        ("police_district", {"320106001001", "320106001002"}),
    ]:
        for figure in ("", "residents", "open_disputes"):
            data = client.get("/api/v1/map/boundaries/", {"kind": kind, "figure": figure}).json()
            assert {f["properties"]["code"] for f in data["features"]} == codes, (kind, figure)
    other = api_for(mapped.world, "leader_2").get(
        "/api/v1/map/boundaries/", {"kind": "grid", "figure": "open_disputes"}
    )
    values = {f["properties"]["code"]: f["properties"]["value"] for f in other.json()["features"]}
    assert values == {"320106002001001": 2}  # its two open disputes, one of them without an address


def test_the_map_offers_each_role_only_the_layers_it_may_read(mapped: Mapped) -> None:
    for name in ("leader", "mediator", "dept", "grid_a1", "sysadmin"):
        user = mapped.world.users[name]
        config = api_for(mapped.world, name).get("/api/v1/map/").json()
        offered = {layer["key"] for layer in config["layers"]}
        assert offered == {k for k, layer in LAYERS.items() if has_permission(user, layer.model_class(), "view")}


def test_a_layer_the_role_may_not_read_is_refused_and_audited(mapped: Mapped) -> None:
    refused = [
        (name, key)
        for name in ("mediator", "dept", "grid_a1", "sysadmin", "care_a")
        for key, layer in LAYERS.items()
        if has_permission(mapped.world.users[name], "maps.mapcell", "view")
        and not has_permission(mapped.world.users[name], layer.model_class(), "view")
    ]
    assert refused, "no staff role lacks a layer: the check would prove nothing"
    name, key = refused[0]
    before = AuditEvent.objects.filter(action="authz_denied").count()
    response = api_for(mapped.world, name).get(f"/api/v1/map/layers/{key}/features/", {**EVERYWHERE, "zoom": 12})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="authz_denied").count() == before + 1


def test_anonymous_and_residents_get_no_map(mapped: Mapped, client: Any) -> None:
    from rest_framework.test import APIClient

    assert APIClient().get("/api/v1/map/").status_code == 401
    assert APIClient().get("/api/v1/map/layers/addresses/features/", {**EVERYWHERE, "zoom": "3"}).status_code == 401
    resident = api_for(mapped.world, "resident")
    assert resident.get("/api/v1/map/boundaries/").status_code == 403
    assert resident.get("/api/v1/map/layers/addresses/features/", {**EVERYWHERE, "zoom": 3}).status_code == 403


def test_reading_records_on_the_map_is_audited_but_counting_clusters_is_not(mapped: Mapped) -> None:
    client = api_for(mapped.world, "leader")
    reads = AuditEvent.objects.filter(action="disputes.dispute.list")
    before = reads.count()
    _features(client, "disputes")
    assert reads.count() == before + 1
    cluster_reads = AuditEvent.objects.filter(action__startswith="registry.address")
    before = cluster_reads.count()
    _features(client, "addresses", zoom=8)
    assert cluster_reads.count() == before
