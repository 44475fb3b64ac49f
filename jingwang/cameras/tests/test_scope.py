"""The generic scope contract for every cameras API resource: by territory."""

from __future__ import annotations

from typing import Any

from jingwang.cameras.models import Camera, CameraDay, StatusEvent
from jingwang.cameras.tests import fixtures as f
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World

WHEN = "2026-06-10T08:00:00+08:00"


class TestCameraScope(ScopedResourceContract):
    list_url = "/api/v1/cameras/"
    model = Camera
    viewer = "officer_a"
    no_permission_user = "mediator"
    search_param = "q"
    writes = {
        "edit": Write("patch", body={"name": "改过"}),
        "create": Write(
            "post",
            on_list=True,
            body={"gb_id": f.gb_id(999_001), "name": "越权", "grid": "320106001002001"},
            out_of_scope_status=400,
        ),
    }

    def in_scope(self, world: World) -> Any:
        return f.camera(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.camera(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            f.camera(world, "in", f"more{Camera.objects.count()}-{i}")

    def search_term(self, obj: Any) -> str:
        return str(obj.name)

    def page_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())


class TestStatusEventScope(ScopedResourceContract):
    """The feed (a station leader's account) stores events only for cameras in its area; an
    event for a camera elsewhere is answered as an unknown ID and stores nothing."""

    list_url = "/api/v1/camera-status/"
    model = StatusEvent
    viewer = "officer_a"
    no_permission_user = "mediator"
    search_param = "q"
    writes = {
        "ingest": Write(
            "post",
            on_list=True,
            body=lambda e: {"events": [{"device_id": e.camera.gb_id, "status": "OFF", "at": WHEN}]},
            by="feed_a",
            out_of_scope_status=200,
            denied_to="officer_a",
        ),
    }
    not_applicable = {"page": "events are shown on their camera's page"}

    def in_scope(self, world: World) -> Any:
        f.feed_user(world)
        return f.event(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.event(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            f.event(world, "in", f"more{StatusEvent.objects.count()}-{i}")

    def search_term(self, obj: Any) -> str:
        return str(obj.camera.gb_id)


class TestCameraDayScope(ScopedResourceContract):
    list_url = "/api/v1/camera-days/"
    model = CameraDay
    viewer = "officer_a"
    no_permission_user = "mediator"
    search_param = "q"
    not_applicable = {"page": "a camera's days are shown on its page"}

    def in_scope(self, world: World) -> Any:
        return f.day(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.day(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            f.day(world, "in", CameraDay.objects.count() + i + 1)

    def search_term(self, obj: Any) -> str:
        return str(obj.camera.gb_id)
