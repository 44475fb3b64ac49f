"""Volunteers and teams for the tests."""

from __future__ import annotations

from typing import Any

from jingwang.testing import World
from jingwang.volunteers.models import Status, Team, Volunteer

A1 = "grid:320106001001001"
B1 = "grid:320106001002001"


def team(world: World, district: str = "police_district:320106001001", name: str = "甲区义警队", **fields: Any) -> Team:
    return Team.objects.create(name=name, kind=fields.pop("kind", "yijing"), district=world.node(district), **fields)


def volunteer(world: World, grid: str = A1, name: str = "张志愿", **fields: Any) -> Volunteer:
    fields.setdefault("registered_by", world.officer_a)
    fields.setdefault("status", Status.VERIFIED)
    return Volunteer.objects.create(name=name, grid=world.node(grid), **fields)
