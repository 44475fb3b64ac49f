from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from jingwang.core.identity import synthetic_id_number
from jingwang.registry.models import Address, Collection, House, Person, Unit
from jingwang.registry.services import persons
from jingwang.registry.services.collections import collection_submit
from jingwang.testing import World

A1, A2, B1 = "grid:320106001001001", "grid:320106001001002", "grid:320106001002001"


def make_address(world: World, grid_ref: str, canonical: str) -> Address:
    return Address.objects.create(
        grid=world.node(grid_ref), division_code="320106", township_code="320106001", road="宁海路", canonical=canonical
    )


def make_person(world: World, grid_ref: str, name: str, *, birth: date = date(1985, 3, 7), phone: str = "") -> Person:
    id_number = synthetic_id_number(region="320106", birth=birth, seq=len(name) * 37 % 999)
    data = {"name": name, "id_number": id_number, "phone": phone}
    return persons.person_create(by=None, grid=world.node(grid_ref), data=data)


@pytest.fixture
def registry(world: World) -> dict[str, Any]:
    """One person, house and unit in grid A1 and one of each in grid B1 (other police district)."""
    a = make_address(world, A1, "江苏省南京市鼓楼区宁海路街道宁海路1号1栋1单元101室")
    b = make_address(world, B1, "江苏省南京市鼓楼区宁海路街道宁海路9号9栋9单元909室")
    return {
        "person_a": make_person(world, A1, "甲居民", phone="13812345678"),
        "person_b": make_person(world, B1, "乙居民", birth=date(1990, 1, 2)),
        "house_a": House.objects.create(address=a, grid=a.grid),
        "house_b": House.objects.create(address=b, grid=b.grid),
        "unit_a": Unit.objects.create(name="甲公司", grid=a.grid, address=a),
        "unit_b": Unit.objects.create(name="乙公司", grid=b.grid, address=b),
        "address_a": a,
        "address_b": b,
    }


def make_collection(world: World, grid_ref: str, by: str, **values: Any) -> Collection:
    payload = {"name": "新居民", "address": "南京市鼓楼区宁海路街道宁海路5号2栋1单元302室", **values}
    return collection_submit(by=world.users[by], kind="person", payload=payload, grid=world.node(grid_ref))
