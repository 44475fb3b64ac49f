"""The cameras pages hold to the page contract (scope, 404, 403, query count), and show what
they promise: status, history, availability."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from jingwang.cameras import views
from jingwang.cameras.models import Camera, CameraDay
from jingwang.cameras.rollup import rollup_day
from jingwang.cameras.services import EventIn, status_ingest
from jingwang.cameras.tests import fixtures as f
from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World, sign_in


class TestCameraPages(ScopedPageContract):
    list_page = views.CameraListView
    detail_page = views.CameraView
    other_pages = (views.CameraAddView, views.AvailabilityView)
    viewer = "officer_a"
    no_permission_user = "mediator"

    def in_scope(self, world: World) -> Any:
        return f.camera(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.camera(world, "out")

    def more_in_scope(self, world: World, i: int) -> Any:
        return f.camera(world, "in", f"more{i}")


class TestCameraEditPages(TestCameraPages):
    """The edit page is a record page too: out of scope → the 404 page; a grid worker (who may see
    cameras but not change them) → the 403 page, as on the page to register one."""

    list_page = None  # type: ignore[assignment]
    detail_page = views.CameraEditView  # type: ignore[assignment]
    other_pages = (views.CameraAddView,)  # type: ignore[assignment]
    no_permission_user = "grid_a1"


def test_a_camera_page_shows_its_status_changes_and_days(world: World, client: Any) -> None:
    camera = f.new_camera(world, name="南门")
    t0 = int(datetime(2026, 6, 10, 8, 0, tzinfo=f.TZ).timestamp())
    status_ingest(
        by=world.leader,
        events=[
            EventIn(camera.gb_id, "ON", t0),
            EventIn(camera.gb_id, "ON", t0 + 60),
            EventIn(camera.gb_id, "VLOST", t0 + 3600),
        ],
    )
    rollup_day(date(2026, 6, 10), now=t0 + 86400 * 2)
    sign_in(client, world.officer_a)
    listing = client.get("/cameras/").content.decode()
    assert "南门" in listing and "视频丢失" in listing
    page = client.get(camera.get_absolute_url()).content.decode()
    assert page.count('class="ui-badge') >= 2
    assert "2026-06-10" in page
    day = CameraDay.objects.get(camera=camera)
    assert day.ok_s == 3600 and day.online_s == 86400 - 8 * 3600


def test_the_availability_page_sums_per_community_within_scope(world: World, client: Any) -> None:
    inside = f.new_camera(world, f.A1, "甲")
    outside = f.new_camera(world, f.B1, "乙")
    t0 = int(datetime(2026, 6, 10, 0, 0, tzinfo=f.TZ).timestamp())
    status_ingest(by=world.leader, events=[EventIn(inside.gb_id, "ON", t0), EventIn(outside.gb_id, "OFF", t0)])
    rollup_day(date(2026, 6, 10), now=t0 + 86400 * 2)
    sign_in(client, world.officer_a)
    html = client.get("/cameras/availability/", {"level": "grid", "month": "2026-06"}).content.decode()
    assert inside.grid.name in html and "100.00%" in html
    assert outside.grid.name not in html
    assert client.get("/cameras/availability/", {"month": "bad", "day": "nope"}).status_code == 200


def test_registering_a_camera_decodes_its_id_and_refuses_a_bad_one(world: World, client: Any) -> None:
    sign_in(client, world.officer_a)
    grid = world.node(f.A1)
    bad = client.post(
        "/cameras/add/",
        {
            "gb_id": "32010600001995000001",
            "name": "x",
            "grid": grid.pk,
            "owner_kind": "public",
            "place_class": "key_public",
        },
    )
    assert bad.status_code == 200 and Camera.objects.count() == 0
    good = client.post(
        "/cameras/add/",
        {
            "gb_id": "32010600001185000001",
            "name": "录像机",
            "grid": grid.pk,
            "owner_kind": "community",
            "place_class": "trade",
        },
    )
    assert good.status_code == 302
    camera = Camera.objects.get()
    assert (camera.type_code, camera.centre_code, camera.industry_code, camera.network_code) == (
        "118",
        "32010600",
        "00",
        "5",
    )
    assert camera.is_recorder
