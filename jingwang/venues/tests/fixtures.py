"""Records for the venues' contracts, made once per test world and key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from jingwang.casework.services import case_transition
from jingwang.testing import World
from jingwang.venues.inspections import inspection_draw, inspection_open
from jingwang.venues.models import Guest, Incident, Inspection, InspectionDraw, StaffFiling, Venue, VenueHit
from jingwang.venues.services import GuestRow, guests_receive, incident_report, staff_file
from jingwang.venues.tests.conftest import A1, B1, make_venue, person_id
from jingwang.verification.tests.conftest import add_entry, make_list

T = TypeVar("T")
WHEN = datetime(2026, 6, 1, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def made(world: World, key: Any, make: Callable[[], T]) -> T:
    cache = world.__dict__.setdefault("_venues", {})
    if key not in cache:
        cache[key] = make()
    return cache[key]  # type: ignore[no-any-return]


def venue(world: World, where: str, i: Any = 0, trade: str = "hotel") -> Venue:
    """Venue `i` in grid A1 ("in", operated by venue_op_a when i == 0) or B1 ("out")."""
    grid = A1 if where == "in" else B1
    operator = "venue_op_a" if where == "in" and i == 0 else None
    return made(
        world, ("venue", where, i), lambda: make_venue(world, grid, f"{where}宾馆{i}", trade, operator=operator)
    )


def staff(world: World, where: str, i: int = 0) -> StaffFiling:
    v = venue(world, where)
    by = world.venue_op_a if where == "in" else world.officer_b
    return made(
        world,
        ("staff", where, i),
        lambda: staff_file(
            by=by,
            venue_id=v.pk,
            name=f"{where}员工{i}",
            id_number=person_id(100 + i + (500 if where == "out" else 0)),
            hired_at=WHEN,
        ),
    )


def incident(world: World, where: str, i: int = 0) -> Incident:
    v = venue(world, where)
    return made(
        world,
        ("incident", where, i),
        lambda: incident_report(
            by=None, venue_id=v.pk, kind="security", occurred_at=WHEN, description=f"{where}事件{i}"
        ),
    )


def guest(world: World, where: str, i: int = 0) -> Guest:
    v = venue(world, where)

    def make() -> Guest:
        seq = 200 + i + (500 if where == "out" else 0)
        batch = guests_receive(by=None, venue_id=v.pk, rows=[GuestRow(f"{where}旅客{i}", person_id(seq), "801", WHEN)])
        return Guest.objects.get(batch=batch)

    return made(world, ("guest", where, i), make)


def hit(world: World, where: str, i: int = 0) -> VenueHit:
    def make() -> VenueHit:
        wanted = made(world, "list", lambda: make_list(world, by="leader", name="网上追逃"))
        seq = 300 + i + (500 if where == "out" else 0)
        add_entry(world, wanted, name=f"{where}在逃{i}", id_number=person_id(seq))
        v = venue(world, where)
        guests_receive(by=None, venue_id=v.pk, rows=[GuestRow(f"{where}在逃{i}", person_id(seq), "802", WHEN)])
        return VenueHit.objects.get(name=f"{where}在逃{i}")

    return made(world, ("hit", where, i), make)


def inspection(world: World, where: str, i: Any = 0, move: str = "") -> Inspection:
    def make() -> Inspection:
        found = inspection_open(by=None, venue=venue(world, where), kind="complaint", note=f"{where}投诉{i}")
        if move:
            case_transition(by=None, case_id=found.case_id, transition=move, note="消防通道堆放杂物")
        return found

    return made(world, ("inspection", where, i, move), make)


def draw(world: World, where: str, i: int = 0) -> InspectionDraw:
    node = world.node("police_district:320106001001" if where == "in" else "police_district:320106001002")
    return made(
        world, ("draw", where, i), lambda: inspection_draw(by=None, node=node, period=f"2026-{i:02d}", count=1, seed=7)
    )


def inspection_case(world: World) -> Any:
    """An inspection case of a hotel in grid A1 (for casework's table of action rules)."""
    return inspection(world, "in", "rules").case


def incident_case(world: World) -> Any:
    """A hotel's incident case in grid A1 (for casework's table of action rules)."""
    return incident(world, "in", 99).case
