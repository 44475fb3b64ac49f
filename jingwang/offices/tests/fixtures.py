"""Police offices for the tests, made once per test world and key."""

from __future__ import annotations

from typing import Any

from jingwang.offices.models import PoliceOffice
from jingwang.offices.services import office_create
from jingwang.testing import World

DA, DB = "police_district:320106001001", "police_district:320106001002"


def office(world: World, where: str, i: Any = 0) -> PoliceOffice:
    cache = world.__dict__.setdefault("_offices", {})
    key = (where, i)
    if key not in cache:
        district = DA if where == "in" else DB
        by = world.officer_a if where == "in" else world.officer_b
        cache[key] = office_create(
            by=by,
            district=world.node(district),
            name=f"{where}警务室{i}",
            address=f"{where}路{i}号",
            opening_hours="9:00-17:00",
            phone="025-12345678",
        )
    return cache[key]  # type: ignore[no-any-return]
