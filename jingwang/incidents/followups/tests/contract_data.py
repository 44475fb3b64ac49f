"""Records of the follow-up contracts, made once per test (the same call, the same record)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from jingwang.casework.services import case_open
from jingwang.incidents.followups.models import Bulletin, BulletinStatus, IncidentCase, ReturnVisit
from jingwang.incidents.followups.services import return_visits_for_numbers
from jingwang.incidents.followups.tests.helpers import GRID_A1, GRID_B1, house, incident
from jingwang.testing import World

_rooms = itertools.count(100)


class Made:
    """A per-test cache of the records a contract makes."""

    def made(self, key: Any, make: Any) -> Any:
        cache = self.__dict__.setdefault("_made", {})
        if key not in cache:
            cache[key] = make()
        return cache[key]


def return_visit(world: World, grid: str = GRID_A1) -> ReturnVisit:
    crime = incident(world, home=house(world, grid, room=str(next(_rooms))), grid=grid)
    (visit,) = return_visits_for_numbers(numbers=[crime.number])
    return visit


def incident_case(world: World, grid: str = GRID_A1) -> IncidentCase:
    call = incident(world, "noise", grid=grid)
    case = case_open(by=None, kind="workorder", title="噪音", grid=world.node(grid))
    return IncidentCase.objects.create(incident=call, case=case, kind="workorder", created_by=world.officer_a)


def bulletin(world: World, grid: str = GRID_A1, *, published: bool = False, n: int = 0) -> Bulletin:
    community = world.node("community:320106001001" if grid != GRID_B1 else "community:320106001002")
    return Bulletin.objects.create(
        community=community,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 1, 31),
        title=f"{community.name}通报{n}",
        advice="锁好门窗",
        figures={"rows": [], "total": {"value": 0, "text": "0"}},
        status=BulletinStatus.PUBLISHED if published else BulletinStatus.DRAFT,
        created_by=world.officer_a if grid == GRID_A1 else world.officer_b,
    )


B1 = GRID_B1


def return_visit_case(world: World) -> Any:
    """The case of a return visit in grid A1 (for the case engine's rule tables)."""
    return return_visit(world).case
