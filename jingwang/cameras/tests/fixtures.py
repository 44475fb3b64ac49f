"""Records for the cameras' tests and contracts, made once per test world and key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from jingwang.cameras.models import Camera, CameraDay, PlaceClass, StatusEvent
from jingwang.cameras.services import camera_create
from jingwang.testing import World

T = TypeVar("T")
TZ = ZoneInfo("Asia/Shanghai")
A1, A2, B1 = "grid:320106001001001", "grid:320106001001002", "grid:320106001002001"
REGISTERED = datetime(2026, 5, 1, 0, 0, tzinfo=TZ)
_serials = iter(range(1, 10**6))


def gb_id(serial: int, type_code: str = "131") -> str:
    return f"32010600{'00'}{type_code}5{serial:06d}"


def made(world: World, key: Any, make: Callable[[], T]) -> T:
    cache = world.__dict__.setdefault("_cameras", {})
    if key not in cache:
        cache[key] = make()
    return cache[key]  # type: ignore[no-any-return]


def new_camera(
    world: World,
    grid: str = A1,
    name: str = "摄像机",
    *,
    place_class: str = PlaceClass.KEY_PUBLIC,
    registered_at: datetime = REGISTERED,
) -> Camera:
    by = world.officer_a if grid != B1 else world.officer_b
    serial = Camera.objects.count() + 1 + next(_serials) * 1000
    return camera_create(
        by=by,
        gb_id=gb_id(serial % 1_000_000),
        name=name,
        grid=world.node(grid),
        place_class=place_class,
        registered_at=registered_at,
    )


def camera(world: World, where: str, i: Any = 0) -> Camera:
    grid = A1 if where == "in" else B1
    return made(world, ("camera", where, i), lambda: new_camera(world, grid, f"{where}路口{i}"))


def event(world: World, where: str, i: Any = 0) -> StatusEvent:
    cam = camera(world, where)
    return made(
        world,
        ("event", where, i),
        lambda: StatusEvent.objects.create(camera=cam, at=1_780_000_000 + hash(str(i)) % 100000, status="on"),
    )


def day(world: World, where: str, i: int = 0) -> CameraDay:
    cam = camera(world, where, ("day", i))
    return made(
        world,
        ("day", where, i),
        lambda: CameraDay.objects.create(
            camera=cam,
            day=datetime(2026, 6, 1).date(),
            registered_s=86400,
            online_s=86000,
            ok_s=85000,
            vlost_s=500,
            defect_s=500,
        ),
    )


def feed_user(world: World) -> Any:
    """The video platform's account for police district A: a station leader's role held there."""
    from jingwang.accounts.services import user_create
    from jingwang.core.roles import Role
    from jingwang.testing import PASSWORD

    def make() -> Any:
        user = user_create(
            by=None,
            username="feed_a",
            display_name="视频平台A",
            password=PASSWORD,
            role=Role.STATION_LEADER,
            scopes=[world.node("police_district:320106001001")],
        )
        world.users["feed_a"] = user
        return user

    return made(world, "feed_a", make)
