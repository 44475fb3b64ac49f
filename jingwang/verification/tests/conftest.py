from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from jingwang.core.identity import synthetic_id_number
from jingwang.registry.models import Address, House, Person
from jingwang.registry.services import persons
from jingwang.testing import World
from jingwang.verification.models import WatchCategory, WatchEntry, WatchList
from jingwang.verification.services import watchlists

A1, B1 = "grid:320106001001001", "grid:320106001002001"
STATION = "station:320106001"


def make_person(world: World, grid_ref: str, name: str, id_number: str, *, address: str = "") -> Person:
    person = persons.person_create(
        by=None, grid=world.node(grid_ref), data={"name": name, "id_number": id_number, "phone": "13812345678"}
    )
    if address:
        grid = world.node(grid_ref)
        place = Address.objects.create(
            grid=grid, division_code="320106", township_code="320106001", road="宁海路", canonical=address
        )
        house = House.objects.create(address=place, grid=grid)
        persons.residence_set(by=None, person=person, house=house)
    return person


ID_A = synthetic_id_number(region="320106", birth=date(1985, 3, 7), seq=123)
ID_B = synthetic_id_number(region="320106", birth=date(1990, 1, 2), seq=456)
ID_WANTED = synthetic_id_number(region="110105", birth=date(1979, 11, 30), seq=777)
ADDRESS_A = "江苏省南京市鼓楼区宁海路街道宁海路1号1栋1单元101室"
ADDRESS_B = "江苏省南京市鼓楼区宁海路街道宁海路9号9栋9单元909室"


@pytest.fixture
def people(world: World) -> dict[str, Person]:
    """A resident of grid A1 (officer_a's district) and one of grid B1 (officer_b's)."""
    return {
        "a": make_person(world, A1, "甲居民", ID_A, address=ADDRESS_A),
        "b": make_person(world, B1, "乙居民", ID_B, address=ADDRESS_B),
    }


def make_list(world: World, by: str = "leader", node: str = STATION, **extra: Any) -> WatchList:
    values = {
        "name": "在逃人员",
        "category": WatchCategory.WANTED,
        "legal_basis": "《刑事诉讼法》第一百五十五条",
        "review_period_days": 90,
        **extra,
    }
    return watchlists.watchlist_create(by=world.users[by], node=world.node(node), **values)


@pytest.fixture
def wanted(world: World) -> WatchList:
    return make_list(world)


def add_entry(world: World, watchlist: WatchList, by: str = "leader", **values: Any) -> WatchEntry:
    values.setdefault("instruction", "跟踪并报告，不要惊动")
    return watchlists.entry_add(by=world.users[by], watchlist_id=watchlist.pk, **values)
