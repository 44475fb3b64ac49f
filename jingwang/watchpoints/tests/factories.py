"""Watch points for the tests."""

from __future__ import annotations

from typing import Any

from jingwang.testing import World
from jingwang.watchpoints.models import Report, WatchPoint

A1 = "grid:320106001001001"
B1 = "grid:320106001002001"


def point(world: World, grid: str = A1, name: str = "便民药店", **fields: Any) -> WatchPoint:
    fields.setdefault("kind", "pharmacy")
    fields.setdefault("functions", ["refuge", "alarm", "help"])
    fields.setdefault("address", "宁海路1号")
    return WatchPoint.objects.create(name=name, grid=world.node(grid), **fields)


def report(world: World, at: WatchPoint, text: str = "有老人迷路") -> Report:
    return Report.objects.create(watch_point=at, kind="person_in_need", text=text, reported_by=world.watch_a)
