"""Hazards on the map (jingwang.maps): the open hazards where they were found, by category, and the
figure of open hazards per grid. Registered from HazardsConfig.ready()."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jingwang.hazards.models import Category, Hazard
from jingwang.maps.layers import Choropleth, Period, PointLayer, declare_map
from jingwang.maps.selectors import count_per_node, period_bounds


def _categories() -> list[tuple[str, Any]]:
    return [(str(pk), name) for pk, name in Category.objects.order_by("order", "code").values_list("pk", "name")]


def _open(rows: QuerySet[Any]) -> QuerySet[Any]:
    return rows.filter(case__closed_at__isnull=True)


def open_hazards_per_node(nodes: Sequence[Any], period: Period) -> dict[int, float]:
    """Hazards still open, among those reported in the period (all of them without a period)."""
    rows = _open(Hazard.objects.all())
    since, until = period_bounds(period)
    if since:
        rows = rows.filter(case__opened_at__gte=since)
    if until:
        rows = rows.filter(case__opened_at__lte=until)
    return count_per_node(rows, list(nodes), grid="case__grid")


LAYERS = [
    PointLayer(
        key="hazards",
        label=_("Hazards"),
        model="hazards.hazard",
        lon="lon",
        lat="lat",
        # The category's name: the case's title may quote what was found, names included.
        title="category__name",
        link="hazards:detail",
        date="case__opened_at",
        category="category",
        categories=_categories,
        refine=_open,
        grid="case__grid",
        place_at_grid=True,
        color="#8a5a00",
        order=60,
    )
]
FIGURES = [Choropleth("open_hazards", _("Open hazards per grid"), open_hazards_per_node, unit=_("hazards"), order=30)]


def declare() -> None:
    declare_map(__name__, layers=LAYERS, figures=FIGURES)
