"""Disputes on the map (jingwang.maps): a point layer at the standard address, and the figure of
open disputes per grid. Registered from DisputesConfig.ready()."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from jingwang.disputes.models import OPEN_STATUSES, Dispute, DisputeKind
from jingwang.maps.layers import Choropleth, Period, PointLayer, declare_map
from jingwang.maps.selectors import count_per_node, period_bounds


def open_disputes_per_node(nodes: Sequence[Any], period: Period) -> dict[int, float]:
    """Disputes still open, among those reported in the period (all of them without a period)."""
    rows = Dispute.objects.filter(status__in=OPEN_STATUSES)
    since, until = period_bounds(period)
    if since:
        rows = rows.filter(opened_at__gte=since)
    if until:
        rows = rows.filter(opened_at__lte=until)
    return count_per_node(rows, list(nodes))


LAYERS = [
    PointLayer(
        key="disputes",
        label=_("Disputes"),
        model="disputes.dispute",
        lon="address__lon",
        lat="address__lat",
        title="case__title",
        link="disputes:detail",
        date="opened_at",
        category="kind",
        categories=lambda: DisputeKind.choices,
        place_at_grid=True,
        color="#b3261e",
        order=30,
    )
]
FIGURES = [
    Choropleth("open_disputes", _("Open disputes per grid"), open_disputes_per_node, unit=_("disputes"), order=20)
]


def declare() -> None:
    declare_map(__name__, layers=LAYERS, figures=FIGURES)
