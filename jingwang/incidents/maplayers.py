"""Incidents (警情) on the map (jingwang.maps): where they happened, by kind of category, in a
period. Registered from IncidentsConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.incidents.models import CategoryKind
from jingwang.maps.layers import PointLayer, declare_map

LAYERS = [
    PointLayer(
        key="incidents",
        label=_("Incidents"),
        model="incidents.incident",
        lon="lon",
        lat="lat",
        title="number",
        link="incidents:detail",
        date="occurred_at",
        category="category__kind",
        categories=lambda: CategoryKind.choices,
        place_at_grid=True,
        color="#c77700",
        order=50,
    )
]


def declare() -> None:
    declare_map(__name__, layers=LAYERS)
