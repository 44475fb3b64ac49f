"""Patrols and check-ins for the contracts, made once per test world and key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.utils import timezone

from jingwang.patrols.models import CheckIn, Patrol
from jingwang.patrols.services import checkin_record, patrol_create
from jingwang.testing import World

T = TypeVar("T")
A1, B1 = "grid:320106001001001", "grid:320106001002001"


def made(world: World, key: Any, make: Callable[[], T]) -> T:
    cache = world.__dict__.setdefault("_patrols", {})
    if key not in cache:
        cache[key] = make()
    return cache[key]  # type: ignore[no-any-return]


def patrol(world: World, where: str, i: Any = 0, members: tuple[str, ...] = ()) -> Patrol:
    """Patrol `i` over grid A1 planned by officer_a ("in") or over B1 by officer_b ("out")."""
    by = world.officer_a if where == "in" else world.officer_b
    return made(
        world,
        ("patrol", where, i),
        lambda: patrol_create(
            by=by,
            title=f"{where}夜巡{i}",
            area=world.node(A1 if where == "in" else B1),
            members=[world.users[m] for m in members],
            route="中山路—北京西路",
            planned_start=timezone.now() + timedelta(hours=1),
        ),
    )


def checkin(world: World, where: str, i: Any = 0) -> CheckIn:
    p = patrol(world, where)
    by = world.officer_a if where == "in" else world.officer_b
    return made(
        world,
        ("checkin", where, i),
        lambda: checkin_record(by=by, patrol_id=p.pk, lat="32.04", lon="118.78", seen=f"{where}巡查所见{i}"),
    )
