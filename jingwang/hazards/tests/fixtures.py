"""Hazards for the contracts and the rule table, made once per test world and key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings

from jingwang.casework.models import Case, Department
from jingwang.casework.services import case_transition
from jingwang.hazards.models import Category, Hazard
from jingwang.hazards.services import hazard_report
from jingwang.testing import World

T = TypeVar("T")
A1, B1 = "grid:320106001001001", "grid:320106001002001"
# The inputs of the transitions that take more than a note.
TRANSITION_INPUT: dict[str, dict[str, object]] = {
    "notify": {"responsible_kind": "property", "responsible_name": "金陵物业"},
}


def made(world: World, key: Any, make: Callable[[], T]) -> T:
    cache = world.__dict__.setdefault("_hazards", {})
    if key not in cache:
        cache[key] = make()
    return cache[key]  # type: ignore[no-any-return]


def departments() -> dict[str, Department]:
    """The departments hazards are handed over to (the demo seeds them; tests make them)."""
    return {
        to: Department.objects.get_or_create(name=name, defaults={"default_deadline_hours": 72})[0]
        for to, name in settings.HAZARDS_DEPARTMENTS.items()
    }


def hazard(world: World, where: str, i: Any = 0, category: str = "ebike_indoor", files: Any = None) -> Hazard:
    """Hazard `i` found in grid A1 by officer_a ("in") or in B1 by officer_b ("out")."""
    by = world.officer_a if where == "in" else world.officer_b
    grid = world.node(A1 if where == "in" else B1)

    def make() -> Hazard:
        departments()
        return hazard_report(
            by=by,
            grid=grid,
            category=Category.objects.get(code=category),
            description=f"{where}楼道电动车{i}",
            place=f"{where}小区{i}号楼",
            lat="32.041000",
            lon="118.784000",
            files=files,
        )

    return made(world, ("hazard", where, i, category), make)


def notified(world: World, where: str = "in", i: Any = 0, days: int | None = None) -> Hazard:
    found = hazard(world, where, i)
    by = world.officer_a if where == "in" else world.officer_b
    case_transition(
        by=by,
        case_id=found.case_id,
        transition="notify",
        note="已告知",
        payload={**TRANSITION_INPUT["notify"], "days": days},
    )
    return Hazard.objects.get(pk=found.pk)


def hazard_case(world: World) -> Case:
    """A hazard case in grid A1 (for casework's table of action rules)."""
    return hazard(world, "in", "rules").case
