"""The scope contracts of the alerts API: senders by the area they sent from, recipients their own."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.db import models

from jingwang.alerts.models import Alert, Delivery
from jingwang.alerts.tests.factories import A1, B1, delivery_of, send
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World

pytestmark = pytest.mark.django_db


def _new_alert(target: Any) -> dict[str, Any]:
    return {"title": "越权推送", "body": "x", "audiences": ["grid_workers"], "area": [B1]}


class _Made:
    def _made(self, world: World, key: Any, make: Any) -> Any:
        cache = world.__dict__.setdefault(f"_{type(self).__name__}", {})
        if key not in cache:
            cache[key] = make()
        return cache[key]


class TestAlertScope(_Made, ScopedResourceContract):
    model: ClassVar[type[models.Model]] = Alert
    list_url = "/api/v1/alerts/"
    viewer = "officer_a"
    no_permission_user = "grid_a1"
    search_param = "q"
    writes = {
        "close": Write("post", "close/", {"note": "越权"}),
        "send": Write("post", on_list=True, body=_new_alert, out_of_scope_status=400),
    }

    def in_scope(self, world: World) -> Any:
        return self._made(world, "in", lambda: send(world, title="甲区走失老人"))

    def out_of_scope(self, world: World) -> Any:
        return self._made(world, "out", lambda: send(world, by="officer_b", area=(B1,), title="乙区通缉车辆"))

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            send(world, title=f"更多推送{i}")

    def search_term(self, obj: Any) -> str:
        return str(obj.title)

    def page_url(self, obj: Any) -> str | None:
        return f"/alerts/{obj.pk}/"


class TestDeliveryScope(_Made, ScopedResourceContract):
    """A recipient reads and acknowledges their own alerts only."""

    model: ClassVar[type[models.Model]] = Delivery
    list_url = "/api/v1/alert-deliveries/"
    viewer = "grid_a1"
    no_permission_user = "resident"
    search_param = "q"
    writes = {"acknowledge": Write("post", "acknowledge/", {"text": "收到"})}

    def in_scope(self, world: World) -> Any:
        return self._made(world, "in", lambda: delivery_of(send(world, title="甲一网格推送"), world, "grid_a1"))

    def out_of_scope(self, world: World) -> Any:
        return self._made(
            world,
            "out",
            lambda: delivery_of(send(world, by="officer_b", area=(B1,), title="乙一网格推送"), world, "grid_b1"),
        )

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            send(world, area=(A1,), title=f"更多{i}")

    def search_term(self, obj: Any) -> str:
        return str(obj.alert.title)

    def page_url(self, obj: Any) -> str | None:
        return f"/alerts/mine/{obj.pk}/"
