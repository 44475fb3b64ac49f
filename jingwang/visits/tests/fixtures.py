"""Home visits for the contracts, made once per test world and key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from jingwang.registry.models import Unit
from jingwang.testing import World
from jingwang.visits.models import Visit
from jingwang.visits.services import visit_record

T = TypeVar("T")
A1, B1 = "grid:320106001001001", "grid:320106001002001"


def made(world: World, key: Any, make: Callable[[], T]) -> T:
    cache = world.__dict__.setdefault("_visits", {})
    if key not in cache:
        cache[key] = make()
    return cache[key]  # type: ignore[no-any-return]


def unit(world: World, where: str, i: Any = 0) -> Unit:
    grid = world.node(A1 if where == "in" else B1)
    return made(world, ("unit", where, i), lambda: Unit.objects.create(grid=grid, name=f"{where}商铺{i}"))


def visit(world: World, where: str, i: Any = 0, at: datetime | None = None, by: str = "") -> Visit:
    """A visit to shop `i` of grid A1 by officer_a ("in") or of B1 by officer_b ("out")."""
    who = world.users[by] if by else (world.officer_a if where == "in" else world.officer_b)
    return made(
        world,
        ("visit", where, i),
        lambda: visit_record(
            by=who, purpose="routine", unit=unit(world, where, i), met="店主", learnt="消防器材齐全", visited_at=at
        ),
    )
