"""The scope contracts of the watch points API."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.db import models

from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World
from jingwang.watchpoints.models import Report, WatchPoint
from jingwang.watchpoints.tests.factories import B1, point, report

pytestmark = pytest.mark.django_db


class _Made:
    def _made(self, world: World, key: Any, make: Any) -> Any:
        cache = world.__dict__.setdefault(f"_{type(self).__name__}", {})
        if key not in cache:
            cache[key] = make()
        return cache[key]


class TestWatchPointScope(_Made, ScopedResourceContract):
    model: ClassVar[type[models.Model]] = WatchPoint
    list_url = "/api/v1/watchpoints/"
    viewer = "officer_a"
    no_permission_user = "resident"
    search_param = "q"
    writes = {"report": Write("post", "report/", {"kind": "tip", "text": "越权"}, by="watch_a")}

    def in_scope(self, world: World) -> Any:
        return self._made(world, "in", lambda: point(world, name="甲区药店", keeper=world.watch_a))

    def out_of_scope(self, world: World) -> Any:
        return self._made(world, "out", lambda: point(world, B1, name="乙区超市"))

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            point(world, name=f"守望点{i}", keeper=world.watch_a)

    def page_url(self, obj: Any) -> str | None:
        return f"/watchpoints/{obj.pk}/"


class TestKeeperSeesOwnWatchPoint(_Made, ScopedResourceContract):
    """A keeper sees the watch point they keep, not another in the same grid."""

    model: ClassVar[type[models.Model]] = WatchPoint
    list_url = "/api/v1/watchpoints/"
    viewer = "watch_a"
    no_permission_user = "resident"
    search_param = "q"
    writes = {"report": Write("post", "report/", {"kind": "tip", "text": "越权"})}
    not_applicable = {"query_count": "a keeper keeps one watch point here"}

    def in_scope(self, world: World) -> Any:
        return self._made(world, "in", lambda: point(world, name="我的守望点", keeper=world.watch_a))

    def out_of_scope(self, world: World) -> Any:
        return self._made(world, "out", lambda: point(world, name="同网格另一点"))

    def page_url(self, obj: Any) -> str | None:
        return f"/watchpoints/{obj.pk}/"


class TestReportScope(_Made, ScopedResourceContract):
    model: ClassVar[type[models.Model]] = Report
    list_url = "/api/v1/watchpoint-reports/"
    viewer = "officer_a"
    no_permission_user = "resident"
    search_param = "q"
    writes = {"handle": Write("post", "handle/")}

    def in_scope(self, world: World) -> Any:
        return self._made(world, "in", lambda: report(world, point(world, name="甲点"), text="甲区线索"))

    def out_of_scope(self, world: World) -> Any:
        return self._made(world, "out", lambda: report(world, point(world, B1, name="乙点"), text="乙区线索"))

    def add_rows(self, world: World, count: int) -> None:
        at = point(world, name="多报点")
        for i in range(count):
            report(world, at, text=f"线索{i}")

    def search_term(self, obj: Any) -> str:
        return str(obj.text)

    def page_url(self, obj: Any) -> str | None:
        return f"/watchpoints/reports/{obj.pk}/"
