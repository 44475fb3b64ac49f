"""Alerts made through the service, as a sender would."""

from __future__ import annotations

from typing import Any

from jingwang.alerts.models import Alert, Audience, Delivery
from jingwang.alerts.services import AlertInput, alert_send
from jingwang.testing import World

A1 = "grid:320106001001001"
A2 = "grid:320106001001002"
B1 = "grid:320106001002001"


def send(world: World, by: str = "officer_a", area: tuple[str, ...] = (A1,), **fields: Any) -> Alert:
    data = {
        "title": "寻找走失老人",
        "body": "男，78岁，身穿蓝色外套，患有阿尔茨海默病。",
        "kind": "missing_person",
        "priority": "high",
        "audiences": [Audience.GRID_WORKERS, Audience.VOLUNTEERS, Audience.WATCH_POINTS],
        "expires_in_hours": 24,
        "area": [world.node(ref) for ref in area],
        **fields,
    }
    return alert_send(by=world.users[by], data=AlertInput(**data))


def delivery_of(alert: Alert, world: World, name: str) -> Delivery:
    return Delivery.objects.get(alert=alert, recipient=world.users[name])
