"""Watch points on the map (jingwang.maps), by kind of place. Registered from
WatchpointsConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.maps.layers import PointLayer, declare_map
from jingwang.watchpoints.models import PlaceKind

LAYERS = [
    PointLayer(
        key="watchpoints",
        label=_("Watch points"),
        model="watchpoints.watchpoint",
        lon="lon",
        lat="lat",
        title="name",  # the place's name (the keeper is never shown)
        link="watchpoints:detail",
        category="kind",
        categories=lambda: PlaceKind.choices,
        refine=lambda qs: qs.filter(is_active=True),
        place_at_grid=True,
        color="#00838f",
        order=80,
    )
]


def declare() -> None:
    declare_map(__name__, layers=LAYERS)
