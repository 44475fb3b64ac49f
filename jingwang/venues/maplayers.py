"""Key venues on the map (jingwang.maps), at their unit's standard address, by trade.
Registered from VenuesConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jingwang.maps.layers import PointLayer, declare_map
from jingwang.venues.models import Trade


def _trades() -> list[tuple[str, Any]]:
    return [
        (str(pk), name) for pk, name in Trade.objects.filter(is_active=True).order_by("code").values_list("pk", "name")
    ]


LAYERS = [
    PointLayer(
        key="venues",
        label=_("Key venues"),
        model="venues.venue",
        lon="unit__address__lon",
        lat="unit__address__lat",
        title="unit__name",
        link="venues:detail",
        grid="unit__grid",
        category="trade",
        categories=_trades,
        refine=lambda qs: qs.filter(is_active=True),
        place_at_grid=True,
        color="#7a4bb5",
        order=40,
    )
]


def declare() -> None:
    declare_map(__name__, layers=LAYERS)
