"""The page contracts of the alerts' pages."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.alerts import views
from jingwang.alerts.tests.factories import B1, delivery_of, send
from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World

pytestmark = pytest.mark.django_db


def _made(world: World, name: str, key: Any, make: Any) -> Any:
    cache = world.__dict__.setdefault(name, {})
    if key not in cache:
        cache[key] = make()
    return cache[key]


class TestAlertPages(ScopedPageContract):
    list_page = views.AlertListView
    detail_page = views.AlertView
    other_pages = (views.AlertSendView,)
    viewer = "officer_a"
    no_permission_user = "resident"

    def in_scope(self, world: World) -> Any:
        return _made(world, "_ap", "in", lambda: send(world, title="页面内"))

    def out_of_scope(self, world: World) -> Any:
        return _made(world, "_ap", "out", lambda: send(world, by="officer_b", area=(B1,), title="页面外"))

    def more_in_scope(self, world: World, i: int) -> Any:
        return _made(world, "_ap", i, lambda: send(world, title=f"页面{i}"))


class TestMyAlertPages(ScopedPageContract):
    list_page = views.MyAlertsView
    detail_page = views.DeliveryView
    viewer = "grid_a1"
    no_permission_user = "resident"

    def in_scope(self, world: World) -> Any:
        return _made(world, "_mp", "in", lambda: delivery_of(send(world, title="我的"), world, "grid_a1"))

    def out_of_scope(self, world: World) -> Any:
        return _made(
            world,
            "_mp",
            "out",
            lambda: delivery_of(send(world, by="officer_b", area=(B1,), title="别人的"), world, "grid_b1"),
        )

    def more_in_scope(self, world: World, i: int) -> Any:
        return _made(world, "_mp", i, lambda: delivery_of(send(world, title=f"我的{i}"), world, "grid_a1"))
