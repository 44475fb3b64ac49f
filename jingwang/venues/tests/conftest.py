from __future__ import annotations

from datetime import date

import pytest

from jingwang.core.identity import synthetic_id_number
from jingwang.registry.models import Unit
from jingwang.testing import World
from jingwang.venues.models import Trade, Venue
from jingwang.venues.services import venue_create, venue_set_operators

A1, A2, B1 = "grid:320106001001001", "grid:320106001001002", "grid:320106001002001"


def make_venue(world: World, grid: str, name: str, trade: str = "hotel", *, operator: str | None = None) -> Venue:
    unit = Unit.objects.create(grid=world.node(grid), name=name, industry="hotel")
    venue = venue_create(by=None, unit=unit, trade=Trade.objects.get(code=trade), licence_number=f"L-{name}")
    if operator:
        venue_set_operators(by=None, venue_id=venue.pk, operators=[world.users[operator]])
    return venue


def person_id(seq: int, year: int = 1980) -> str:
    return synthetic_id_number(region="320106", birth=date(year, 1 + seq % 12, 1 + seq % 28), seq=seq % 1000)


@pytest.fixture
def hotel_a(world: World) -> Venue:
    return make_venue(world, A1, "金陵饭店", operator="venue_op_a")


@pytest.fixture
def hotel_b(world: World) -> Venue:
    return make_venue(world, B1, "乙区宾馆")
