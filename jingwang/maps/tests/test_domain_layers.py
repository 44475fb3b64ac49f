"""The layers the domain apps hand the map: hazards (open only, by category), cameras (by their
latest status), police offices, watch points, patrol check-ins (by period), and their figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from jingwang.casework.models import Case
from jingwang.maps.tests.conftest import A1, C1, EVERYWHERE, Mapped, api_for


def _features(client: Any, key: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/map/layers/{key}/features/", {**EVERYWHERE, "zoom": 12, **params})
    assert response.status_code == 200, response.content
    return list(response.json()["features"])


def _ids(features: list[dict[str, Any]]) -> set[int]:
    return {f["properties"]["id"] for f in features}


def test_cameras_carry_their_latest_status_and_are_filtered_by_it(mapped: Mapped) -> None:
    client = api_for(mapped.world, "leader_2")
    drawn = _features(client, "cameras")
    assert [f["properties"]["category"] for f in drawn] == ["off"]  # online first, offline since
    assert _ids(_features(client, "cameras", category="off")) == {mapped.cameras[C1].pk}
    assert _ids(_features(client, "cameras", category="on")) == set()
    assert _ids(_features(api_for(mapped.world, "leader"), "cameras", category="on")) == {mapped.cameras[A1].pk}


def test_a_closed_hazard_leaves_the_map_and_its_grid_s_count(mapped: Mapped) -> None:
    client = api_for(mapped.world, "leader")
    hazard = mapped.hazards[A1]
    drawn = _features(client, "hazards")
    assert _ids(drawn) == {hazard.pk}
    assert drawn[0]["properties"]["title"] == hazard.category.name  # never the finder's description
    assert _ids(_features(client, "hazards", category=str(hazard.category_id))) == {hazard.pk}

    def a1_count() -> Any:
        data = client.get("/api/v1/map/boundaries/", {"kind": "grid", "figure": "open_hazards"}).json()
        return {f["properties"]["code"]: f["properties"]["value"] for f in data["features"]}["320106001001001"]

    assert a1_count() == 1
    Case.objects.filter(pk=hazard.case_id).update(closed_at=timezone.now())
    assert _ids(_features(client, "hazards")) == set()
    assert a1_count() == 0


def test_offline_cameras_are_counted_per_grid_and_per_police_district_within_scope(mapped: Mapped) -> None:
    other = api_for(mapped.world, "leader_2")
    for kind, code in [("grid", "320106002001001"), ("police_district", "320106002001")]:
        data = other.get("/api/v1/map/boundaries/", {"kind": kind, "figure": "offline_cameras"}).json()
        assert {f["properties"]["code"]: f["properties"]["value"] for f in data["features"]} == {code: 1}
    own = api_for(mapped.world, "leader").get("/api/v1/map/boundaries/", {"kind": "grid", "figure": "offline_cameras"})
    assert {f["properties"]["value"] for f in own.json()["features"]} == {0}  # A1's camera is online


def test_patrol_check_ins_are_filtered_by_the_map_s_period(mapped: Mapped) -> None:
    client = api_for(mapped.world, "officer_a")
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    checkin = mapped.patrol_checkins[A1]
    assert _ids(_features(client, "patrol_checkins", since=today, until=today)) == {checkin.pk}
    assert _ids(_features(client, "patrol_checkins", since=yesterday, until=yesterday)) == set()
    drawn = _features(client, "patrol_checkins")
    assert drawn[0]["properties"]["title"] == checkin.patrol.title
    assert drawn[0]["properties"]["category"] == "ad_hoc"


def test_offices_and_watch_points_out_of_use_leave_the_map(mapped: Mapped) -> None:
    client = api_for(mapped.world, "leader")
    assert _ids(_features(client, "offices")) == {mapped.offices[A1].pk}
    assert _ids(_features(client, "watchpoints")) == {mapped.watchpoints[A1].pk}
    type(mapped.offices[A1]).objects.filter(pk=mapped.offices[A1].pk).update(is_active=False)
    type(mapped.watchpoints[A1]).objects.filter(pk=mapped.watchpoints[A1].pk).update(is_active=False)
    assert _ids(_features(client, "offices")) == set()
    assert _ids(_features(client, "watchpoints")) == set()
