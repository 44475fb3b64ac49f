"""Cameras on the map (jingwang.maps): each camera in use where it stands, its latest status as the
category (online, offline, video lost, defect), and the figure of cameras offline per grid.
Registered from CamerasConfig.ready()."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from jingwang.cameras.models import Camera, Status, StatusEvent
from jingwang.cameras.selectors import with_status
from jingwang.maps.layers import Choropleth, Period, PointLayer, declare_map
from jingwang.maps.selectors import count_per_node


def _in_use(rows: QuerySet[Any]) -> QuerySet[Any]:
    return with_status(rows.filter(is_active=True))


def offline_cameras_per_node(nodes: Sequence[Any], period: Period) -> dict[int, float]:
    """Cameras in use whose latest status is offline, now (the period does not apply)."""
    latest = StatusEvent.objects.filter(camera=OuterRef("pk")).order_by("-at", "-pk")
    rows = Camera.objects.filter(is_active=True).alias(now=Subquery(latest.values("status")[:1])).filter(now=Status.OFF)
    return count_per_node(rows, list(nodes))


LAYERS = [
    PointLayer(
        key="cameras",
        label=_("Cameras"),
        model="cameras.camera",
        lon="longitude",
        lat="latitude",
        title="name",
        link="cameras:detail",
        category="last_status",  # annotated by with_status(): the latest event's status
        categories=lambda: Status.choices,
        refine=_in_use,
        color="#2e7d32",
        order=70,
    )
]
FIGURES = [
    Choropleth("offline_cameras", _("Cameras offline per grid"), offline_cameras_per_node, unit=_("cameras"), order=40)
]


def declare() -> None:
    declare_map(__name__, layers=LAYERS, figures=FIGURES)
