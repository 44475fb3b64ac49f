"""Patrol check-ins on the map (jingwang.maps): each check-in where the device was, in the map's
period; the patrol tracks as points (lines are not a layer kind). Registered from
PatrolsConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.maps.layers import PointLayer, declare_map
from jingwang.patrols.models import Kind

LAYERS = [
    PointLayer(
        key="patrol_checkins",
        label=_("Patrol check-ins"),
        model="patrols.checkin",
        lon="lon",
        lat="lat",
        title="patrol__title",  # the patrol's title, never who checked in
        date="at",
        category="patrol__kind",
        categories=lambda: Kind.choices,
        grid="patrol__area",
        color="#455a64",
        order=90,
    )
]


def declare() -> None:
    declare_map(__name__, layers=LAYERS)
