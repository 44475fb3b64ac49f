"""The map's declarations: point layers and the figures boundaries can be coloured by.

Each domain app declares its own layers in `<app>/maplayers.py` and registers them from its
AppConfig.ready() (docs/adding-a-domain.md §6). The map imports no domain app: it reads what was
declared. Every layer reads its rows with `Model.objects.restrict(user, "view")`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet

# (node_id, …) and a period → {node_id: value}; nodes are grids or police districts in the viewer's scope.
ChoroplethFn = Callable[[Sequence[Any], "Period"], Mapping[int, float]]


@dataclass(frozen=True)
class Period:
    """A closed range of days; either end may be open (None)."""

    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class PointLayer:
    """Records drawn as points. `lon`/`lat` are field paths to WGS-84/CGCS2000 coordinates (records
    without them are not drawn). `clustered` layers are counted into precomputed cells per zoom
    (maps.MapCell) and must be scoped by `grid` (a field path to the record's grid)."""

    key: str
    label: Any
    model: str  # "app_label.model_name"
    lon: str
    lat: str
    title: str  # field path of the popup's text: never an ID number or a phone
    link: str = ""  # URL name taking the record's pk (its page)
    date: str = ""  # field path filtered by the period
    category: str = ""  # field path filtered by category
    categories: Callable[[], Sequence[tuple[str, Any]]] | None = None
    refine: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None  # e.g. active or open rows only
    clustered: bool = False
    grid: str = "grid"
    # Records without coordinates are drawn at their grid's inner point (marked approximate).
    place_at_grid: bool = False
    color: str = "#b3261e"
    order: int = 100

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def source(self) -> QuerySet[Any]:
        """Every row of the layer, unscoped (for building cells only)."""
        qs = self.model_class()._default_manager.all()
        qs = self.refine(qs) if self.refine else qs
        return qs.filter(**{f"{self.lon}__isnull": False, f"{self.lat}__isnull": False})

    def scoped(self, user: Any) -> QuerySet[Any]:
        qs = self.model_class()._default_manager.restrict(user, "view")  # type: ignore[attr-defined]
        return self.refine(qs) if self.refine else qs

    def rows(self, user: Any) -> QuerySet[Any]:
        """The rows the user may see that have coordinates."""
        return self.scoped(user).filter(**{f"{self.lon}__isnull": False, f"{self.lat}__isnull": False})

    def unplaced(self, user: Any) -> QuerySet[Any]:
        """The rows the user may see that have no coordinates but a grid."""
        return self.scoped(user).filter(**{f"{self.lon}__isnull": True, f"{self.grid}__isnull": False})


@dataclass(frozen=True)
class Choropleth:
    """A figure per grid / police district that colours the boundaries."""

    key: str
    label: Any
    fn: ChoroplethFn
    unit: Any = ""
    order: int = 100


LAYERS: dict[str, PointLayer] = {}
CHOROPLETHS: dict[str, Choropleth] = {}
_DECLARED_BY: dict[str, str] = {}


def register_layer(layer: PointLayer, *, declared_by: str = "") -> PointLayer:
    if layer.key in LAYERS and LAYERS[layer.key] != layer:
        raise ValueError(f"map layer {layer.key!r} declared twice")
    if not layer.key.replace("_", "").replace("-", "").isalnum():
        raise ValueError(f"map layer key {layer.key!r}: letters, digits, - and _ only")
    if layer.clustered and (layer.date or layer.category or layer.place_at_grid):
        raise ValueError(f"map layer {layer.key!r}: a clustered layer's cells know no period, category or grid point")
    LAYERS[layer.key] = layer
    _DECLARED_BY[layer.key] = declared_by
    return layer


def register_choropleth(figure: Choropleth) -> Choropleth:
    if figure.key in CHOROPLETHS and CHOROPLETHS[figure.key] != figure:
        raise ValueError(f"map figure {figure.key!r} declared twice")
    CHOROPLETHS[figure.key] = figure
    return figure


def declare_map(module: str, layers: Sequence[PointLayer] = (), figures: Sequence[Choropleth] = ()) -> None:
    """What an app's `maplayers.py` hands over from its AppConfig.ready()."""
    for layer in layers:
        register_layer(layer, declared_by=module)
    for figure in figures:
        register_choropleth(figure)


def ordered_layers() -> list[PointLayer]:
    return sorted(LAYERS.values(), key=lambda layer: (layer.order, layer.key))


def ordered_figures() -> list[Choropleth]:
    return sorted(CHOROPLETHS.values(), key=lambda f: (f.order, f.key))
