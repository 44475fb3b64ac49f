"""What the map draws for a viewer: boundaries coloured by a figure, and each layer's points or
clusters within a box. Every read goes through the layer's model's `restrict(user, "view")`."""

from __future__ import annotations

import math
from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, F, FloatField, IntegerField, QuerySet, Sum
from django.db.models.functions import Cast, Floor
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from jingwang.core.access import has_permission
from jingwang.maps import cells
from jingwang.maps.cells import Box
from jingwang.maps.coords import gcj02_to_wgs84, geometry_map, identity, wgs84_to_gcj02
from jingwang.maps.layers import CHOROPLETHS, Choropleth, Period, PointLayer, ordered_layers
from jingwang.territory.geometry import GeometryError, parse_boundary, union_geojson
from jingwang.territory.models import Node, NodeKind, TerritoryState
from jingwang.territory.selectors import grids_in_scope

MAX_POINTS = 2000  # more points than this in the box: the layer is clustered on the fly
POINT_ZOOM = cells.CELL_ZOOM + 1  # a clustered layer shows its points from this zoom on
BOUNDARY_KINDS = (NodeKind.GRID, NodeKind.POLICE_DISTRICT)


def display_crs() -> str:
    return "gcj02" if settings.MAP_TILE_COORDS == "gcj02" else "wgs84"


def to_display(lon: float, lat: float) -> tuple[float, float]:
    return wgs84_to_gcj02(lon, lat) if display_crs() == "gcj02" else (lon, lat)


def box_from_display(box: Box) -> Box:
    """The box a map asks for, in stored coordinates (GCJ-02 maps ask in GCJ-02)."""
    if display_crs() != "gcj02":
        return box
    west, south = gcj02_to_wgs84(box.west, box.south)
    east, north = gcj02_to_wgs84(box.east, box.north)
    return Box(west, south, east, north)


def visible_layers(user: Any) -> list[PointLayer]:
    return [layer for layer in ordered_layers() if has_permission(user, layer.model_class(), "view")]


# --- boundaries -------------------------------------------------------------------------------------


def boundaries(user: Any, kind: str, figure: Choropleth | None, period: Period) -> dict[str, Any]:
    """The viewer's grids or police districts that have a boundary, as GeoJSON features, each with
    the chosen figure's value (absent when no figure is chosen)."""
    nodes = list(
        Node.objects.restrict(user, "view")
        .filter(kind=kind, is_active=True)
        .only("id", "kind", "code", "name", "boundary")
        .order_by("code")
    )
    if kind == NodeKind.POLICE_DISTRICT:  # a district with no outline of its own: its grids'
        outlines = district_outlines()
        for node in nodes:
            node.boundary = node.boundary or outlines.get(node.pk)
    nodes = [n for n in nodes if n.boundary]
    values = dict(figure.fn(nodes, period)) if figure is not None and nodes else {}
    convert = wgs84_to_gcj02 if display_crs() == "gcj02" else identity
    features = []
    for node in nodes:
        properties: dict[str, Any] = {"ref": node.ref, "code": node.code, "name": node.name, "kind": node.kind}
        if figure is not None:
            properties["value"] = values.get(node.pk, 0)
        features.append({"type": "Feature", "geometry": geometry_map(node.boundary, convert), "properties": properties})
    return {"type": "FeatureCollection", "features": features, "figure": figure.key if figure else None}


def count_per_node(rows: QuerySet[Any], nodes: list[Any], grid: str = "grid") -> dict[int, float]:
    """For choropleth figures: how many of `rows` fall in each node (grids by their own id, police
    districts through their grids). `grid` is the field path from a row to its grid."""
    out: dict[int, float] = {}
    grid_ids = [n.pk for n in nodes if n.kind == NodeKind.GRID]
    district_ids = [n.pk for n in nodes if n.kind == NodeKind.POLICE_DISTRICT]
    if grid_ids:
        for key, n in rows.filter(**{f"{grid}__in": grid_ids}).values_list(grid).annotate(n=Count("pk")).order_by():
            out[key] = n
    if district_ids:
        by = f"{grid}__police_district"
        for key, n in rows.filter(**{f"{by}__in": district_ids}).values_list(by).annotate(n=Count("pk")).order_by():
            out[key] = n
    return out


def period_bounds(period: Period) -> tuple[datetime | None, datetime | None]:
    """The period as aware datetimes [since 00:00, until+1 00:00) in the site's time zone."""
    tz = timezone.get_current_timezone()
    since = datetime.combine(period.since, time.min, tz) if period.since else None
    until = datetime.combine(period.until, time.max, tz) if period.until else None
    return since, until


# --- point layers -----------------------------------------------------------------------------------


def _filtered(layer: PointLayer, qs: QuerySet[Any], period: Period, category: str) -> QuerySet[Any]:
    if layer.date and (period.since or period.until):
        since, until = period_bounds(period)
        field = layer.model_class()._meta.get_field(layer.date.split("__")[0])
        is_date = isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
        if since:
            qs = qs.filter(**{f"{layer.date}__gte": since.date() if is_date else since})
        if until:
            qs = qs.filter(**{f"{layer.date}__lte": until.date() if is_date else until})
    if layer.category and category:
        qs = qs.filter(**{layer.category: category})
    return qs


def _in_box(layer: PointLayer, qs: QuerySet[Any], box: Box) -> QuerySet[Any]:
    return qs.filter(
        **{
            f"{layer.lon}__gte": box.west,
            f"{layer.lon}__lte": box.east,
            f"{layer.lat}__gte": box.south,
            f"{layer.lat}__lte": box.north,
        }
    )


def _link(layer: PointLayer, pk: Any) -> str:
    if not layer.link:
        return ""
    try:
        return reverse(layer.link, args=[pk])
    except NoReverseMatch:
        return ""


def _cluster_feature(lon: float, lat: float, n: int) -> dict[str, Any]:
    x, y = to_display(lon, lat)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(x, 6), round(y, 6)]},
        "properties": {"cluster": True, "count": n},
    }


def features(
    user: Any, layer: PointLayer, box: Box, zoom: int, period: Period | None = None, category: str = ""
) -> dict[str, Any]:
    """The layer within the box: its records as points, or, when there are too many or the layer is
    clustered and the zoom is low, clusters with their counts (no record behind a cluster is named)."""
    box = box_from_display(box)
    period = period or Period()
    if layer.clustered:
        grids = grids_in_scope(user, layer.model_class(), "view")
        if zoom < POINT_ZOOM:
            found = cells.clusters(layer, grids, box, zoom)
            return _collection(layer, [_cluster_feature(c["lon"], c["lat"], c["n"]) for c in found], "clusters")
        rows = layer.rows(user).filter(**{f"{layer.grid}__in": cells.grids_in_box(layer, grids, box)})
    else:
        rows = layer.rows(user)
    rows = _in_box(layer, _filtered(layer, rows, period, category), box)
    values = ["pk", layer.lon, layer.lat, layer.title] + ([layer.category] if layer.category else [])
    found_points = list(rows.order_by("pk").values_list(*values)[: MAX_POINTS + 1])
    unplaced: list[tuple[Any, ...]] = []
    points_at: dict[int, tuple[float, float]] = {}
    if layer.place_at_grid:
        points_at = {
            g: p for g, p in grid_points().items() if box.west <= p[0] <= box.east and box.south <= p[1] <= box.north
        }
        if points_at:
            extra = _filtered(layer, layer.unplaced(user), period, category).filter(
                **{f"{layer.grid}__in": list(points_at)}
            )
            keys = ["pk", layer.grid, layer.title] + ([layer.category] if layer.category else [])
            unplaced = list(extra.order_by("pk").values_list(*keys)[: MAX_POINTS + 1])
    if len(found_points) + len(unplaced) <= MAX_POINTS:
        items = [_point_feature(layer, row) for row in found_points]
        items += [_grid_point_feature(layer, row, points_at[row[1]]) for row in unplaced]
        return _collection(layer, items, "points")
    items = _clustered_on_the_fly(layer, rows, zoom)
    if layer.place_at_grid and points_at:
        extra = _filtered(layer, layer.unplaced(user), period, category).filter(
            **{f"{layer.grid}__in": list(points_at)}
        )
        for grid_id, n in extra.values_list(layer.grid).annotate(n=Count("pk")).order_by():
            items.append(_cluster_feature(*points_at[grid_id], n))
    return _collection(layer, items, "clusters")


_GRID_POINTS: dict[str, dict[int, tuple[float, float]]] = {}
_OUTLINES: dict[str, dict[int, dict[str, Any]]] = {}


def _boundary_token() -> str:
    return TerritoryState.objects.filter(pk=1).values_list("boundary_token", flat=True).first() or ""


def district_outlines() -> dict[int, dict[str, Any]]:
    """Each police district's outline drawn from its grids (for districts without one of their own),
    recomputed when boundaries change."""
    state = _boundary_token()
    cached = _OUTLINES.get(state)
    if cached is not None:
        return cached
    by_district: dict[int, list[Any]] = {}
    rows = Node.objects.filter(kind=NodeKind.GRID, boundary__isnull=False, police_district__isnull=False)
    for district_id, boundary in rows.values_list("police_district_id", "boundary"):
        by_district.setdefault(district_id, []).append(boundary)
    out: dict[int, dict[str, Any]] = {}
    for district_id, boundaries in by_district.items():
        outline = union_geojson(boundaries)
        if outline is not None:
            out[district_id] = outline
    _OUTLINES.clear()
    _OUTLINES[state] = out
    return out


def grid_points() -> dict[int, tuple[float, float]]:
    """Every grid's inner point (a point surely inside its boundary), recomputed when boundaries
    change (territory's boundary token)."""
    state = _boundary_token()
    cached = _GRID_POINTS.get(state)
    if cached is not None:
        return cached
    out: dict[int, tuple[float, float]] = {}
    for pk, boundary in Node.objects.filter(kind=NodeKind.GRID, boundary__isnull=False).values_list("pk", "boundary"):
        try:
            point = parse_boundary(boundary).representative_point()
        except (GeometryError, ValueError):
            continue
        out[pk] = (point.x, point.y)
    _GRID_POINTS.clear()
    _GRID_POINTS[state] = out
    return out


def _grid_point_feature(layer: PointLayer, row: tuple[Any, ...], at: tuple[float, float]) -> dict[str, Any]:
    pk, _grid, title = row[:3]
    # Spread records of one grid a little (≈ 30 m, by id), so that each can be clicked.
    angle = (pk * 2.399963) % (2 * math.pi)
    lon, lat = at[0] + 0.0003 * math.cos(angle), at[1] + 0.0003 * math.sin(angle)
    feature = _point_feature(layer, (pk, lon, lat, title, *row[3:]))
    feature["properties"]["approximate"] = True
    return feature


def _point_feature(layer: PointLayer, row: tuple[Any, ...]) -> dict[str, Any]:
    pk, lon, lat, title = row[:4]
    x, y = to_display(float(lon), float(lat))
    properties: dict[str, Any] = {"id": pk, "title": str(title or ""), "url": _link(layer, pk)}
    if layer.category:
        properties["category"] = row[4]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(x, 6), round(y, 6)]},
        "properties": properties,
    }


def _clustered_on_the_fly(layer: PointLayer, rows: QuerySet[Any], zoom: int) -> list[dict[str, Any]]:
    k = (1 << cells.cell_zoom(zoom)) / 90.0
    lon, lat = F(layer.lon), F(layer.lat)
    grouped = (
        rows.annotate(
            _cx=Cast(Floor((Cast(lon, FloatField()) + 180.0) * k), IntegerField()),
            _cy=Cast(Floor((Cast(lat, FloatField()) + 90.0) * k), IntegerField()),
        )
        .values("_cx", "_cy")
        .annotate(n=Count("pk"), lon_sum=Sum(Cast(lon, FloatField())), lat_sum=Sum(Cast(lat, FloatField())))
        .order_by()
    )
    return [_cluster_feature(g["lon_sum"] / g["n"], g["lat_sum"] / g["n"], g["n"]) for g in grouped]


def _collection(layer: PointLayer, items: list[dict[str, Any]], mode: str) -> dict[str, Any]:
    return {"type": "FeatureCollection", "layer": layer.key, "mode": mode, "features": items}


def figure_for(key: str) -> Choropleth | None:
    return CHOROPLETHS.get(key) if key else None
