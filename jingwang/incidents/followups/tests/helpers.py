"""Incidents, categories, addresses and houses for the follow-up tests, made directly."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from django.utils import timezone

from jingwang.incidents.models import Incident, IncidentCategory
from jingwang.incidents.tallies import add_to_tallies, keys_of
from jingwang.registry.models import Address, House
from jingwang.testing import World

GRID_A1 = "grid:320106001001001"
GRID_A2 = "grid:320106001001002"
GRID_B1 = "grid:320106001002001"
_numbers = itertools.count(1)


def category(code: str, **kwargs: Any) -> IncidentCategory:
    defaults = {
        "burglary": {"name": "入室盗窃", "kind": "criminal", "preventable": True},
        "fraud": {"name": "电信网络诈骗", "kind": "criminal", "preventable": True},
        "fight": {"name": "打架斗殴", "kind": "public_order", "preventable": False},
        "noise": {"name": "噪音扰民", "kind": "dispute", "preventable": False, "non_police": True},
        "pothole": {"name": "道路坑洼", "kind": "help", "preventable": False, "non_police": True},
        "traffic": {"name": "交通事故", "kind": "traffic", "preventable": False},
    }.get(code, {"name": code, "kind": "other"})
    cat, _ = IncidentCategory.objects.get_or_create(code=code, defaults={**defaults, **kwargs})
    return cat


def house(world: World, grid: str = GRID_A1, room: str = "301") -> House:
    node = world.node(grid)
    address = Address.objects.create(
        grid=node,
        division_code="320106",
        road="宁海路",
        road_number="5号",
        building="1幢",
        room=room,
        canonical=f"鼓楼区宁海路5号1幢{room}室{node.code}",
    )
    return House.objects.create(grid=node, address=address)


def incident(
    world: World,
    code: str = "burglary",
    *,
    grid: str | None = GRID_A1,
    at: datetime | None = None,
    home: House | None = None,
    number: str = "",
    **kwargs: Any,
) -> Incident:
    address = kwargs.pop("address", home.address if home else None)
    summary = kwargs.pop("summary", "报警称家中被盗")
    made = Incident.objects.create(
        number=number or f"J{next(_numbers):010d}",
        occurred_at=at or timezone.now(),
        grid=world.node(grid) if grid else None,
        category=category(code),
        house=home,
        address=address,
        place_text="宁海路5号",
        summary=summary,
        **kwargs,
    )
    # As record_incidents does in its transaction: the figures read the tally.
    add_to_tallies(keys_of([(made.grid_id, made.occurred_at, made.category_id)]))
    return made
