"""The layers of the apps below the map in the layering (the registry's standard addresses) and
the figure of residents per grid. Apps above the map declare theirs in their own maplayers.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from jingwang.maps.layers import Choropleth, Period, PointLayer, declare_map
from jingwang.maps.selectors import count_per_node
from jingwang.registry.models import Person


def residents_per_node(nodes: Sequence[Any], period: Period) -> dict[int, float]:
    """Registered residents (active person records) per grid or police district, as of now."""
    return count_per_node(Person.objects.filter(is_active=True), list(nodes))


ADDRESSES = PointLayer(
    key="addresses",
    label=_("Standard addresses"),
    model="registry.address",
    lon="lon",
    lat="lat",
    title="canonical",
    refine=lambda qs: qs.filter(is_active=True),
    clustered=True,
    color="#1d4f91",
    order=10,
)
RESIDENTS = Choropleth("residents", _("Residents per grid"), residents_per_node, unit=_("persons"), order=10)


def declare() -> None:
    declare_map(__name__, layers=[ADDRESSES], figures=[RESIDENTS])
