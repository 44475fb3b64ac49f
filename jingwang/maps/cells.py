"""Clustering a large layer server-side: cells per zoom, precomputed, summed within the scope.

A point at (lon, lat) lies at zoom z in cell (⌊(lon+180)·2^z/90⌋, ⌊(lat+90)·2^z/90⌋): cells a
quarter of a tile wide, so that clusters sit about 64 px apart on screen. `rebuild(layer)` counts
the layer's rows into the finest level in one aggregate and rolls each coarser level up from the
one below (a cell's parent is (cx // 2, cy // 2)), in one transaction. A request sums the cells of
one level within the box, over the grids the viewer may see: an index range scan whatever the
number of points below."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from jingwang.maps.layers import LAYERS, PointLayer
from jingwang.maps.models import MapCell, MapCellState

MIN_ZOOM = 3
CELL_ZOOM = 16  # the finest level kept; above it a map shows the points themselves


def cell_size(zoom: int) -> float:
    """A cell's side in degrees at `zoom`."""
    return 90.0 / (1 << zoom)


def cell_of(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    k = (1 << zoom) / 90.0
    return math.floor((lon + 180.0) * k), math.floor((lat + 90.0) * k)


def cell_zoom(zoom: int) -> int:
    return max(MIN_ZOOM, min(CELL_ZOOM, zoom))


@dataclass(frozen=True)
class Box:
    west: float
    south: float
    east: float
    north: float

    def cells(self, zoom: int) -> tuple[int, int, int, int]:
        x0, y0 = cell_of(self.west, self.south, zoom)
        x1, y1 = cell_of(self.east, self.north, zoom)
        return x0, y0, x1, y1


def _floor(expr: str) -> str:
    # Coordinates shifted by +180/+90 are positive: a cast truncates to the floor on SQLite;
    # PostgreSQL's cast rounds, so it takes FLOOR first.
    return f"CAST({expr} AS INTEGER)" if connection.vendor == "sqlite" else f"CAST(FLOOR({expr}) AS INTEGER)"


def rebuild(layer: PointLayer | str) -> int:
    """Recount a clustered layer's cells from its rows; returns the number of points counted."""
    layer = LAYERS[layer] if isinstance(layer, str) else layer
    source = layer.source().annotate(_g=F(layer.grid), _lon=F(layer.lon), _lat=F(layer.lat))
    source = source.filter(_g__isnull=False).values_list("_g", "_lon", "_lat").order_by()
    inner, params = source.query.sql_with_params()
    table = MapCell._meta.db_table
    k = (1 << CELL_ZOOM) / 90.0
    cx, cy = _floor(f"(src._lon + 180.0) * {k!r}"), _floor(f"(src._lat + 90.0) * {k!r}")
    columns = "layer, zoom, cx, cy, grid_id, count, lon_sum, lat_sum"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE layer = %s", [layer.key])
        cursor.execute(
            f"INSERT INTO {table} ({columns}) "
            f"SELECT %s, %s, {cx}, {cy}, src._g, COUNT(*), SUM(src._lon), SUM(src._lat) "
            f"FROM ({inner}) src GROUP BY {cx}, {cy}, src._g",
            [layer.key, CELL_ZOOM, *params],
        )
        for zoom in range(CELL_ZOOM - 1, MIN_ZOOM - 1, -1):
            cursor.execute(
                f"INSERT INTO {table} ({columns}) "
                f"SELECT layer, %s, cx / 2, cy / 2, grid_id, SUM(count), SUM(lon_sum), SUM(lat_sum) FROM {table} "
                f"WHERE layer = %s AND zoom = %s GROUP BY layer, cx / 2, cy / 2, grid_id",
                [zoom, layer.key, zoom + 1],
            )
        cursor.execute(
            f"SELECT COALESCE(SUM(count), 0) FROM {table} WHERE layer = %s AND zoom = %s", [layer.key, CELL_ZOOM]
        )
        points = int(cursor.fetchone()[0])
        MapCellState.objects.update_or_create(layer=layer.key, defaults={"built_at": timezone.now(), "points": points})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
    return points


def rebuild_all() -> dict[str, int]:
    return {key: rebuild(layer) for key, layer in LAYERS.items() if layer.clustered}


def clusters(layer: PointLayer, grids: QuerySet[Any], box: Box, zoom: int) -> list[dict[str, Any]]:
    """The layer's cells at `zoom` within the box, summed over `grids` (the viewer's): one entry per
    cell with its count and the mean position of its points. One statement: the index range on
    (layer, zoom, cx, cy), the grids as a subquery."""
    zoom = cell_zoom(zoom)
    x0, y0, x1, y1 = box.cells(zoom)
    scope_params: list[Any]
    if connection.vendor == "postgresql":
        # The viewer's grids are read first, as an array joined by hash: with the path-range
        # subquery a planner misjudging the tree (stale statistics) loops over every grid per cell.
        ids = list(grids.order_by().values_list("id", flat=True))
        if not ids:
            return []
        in_scope, scope_params = "grid_id IN (SELECT unnest(%s::bigint[]))", [ids]
    else:
        scope_sql, params = grids.order_by().values("id").query.sql_with_params()
        in_scope, scope_params = f"grid_id IN ({scope_sql})", list(params)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT SUM(count), SUM(lon_sum), SUM(lat_sum) FROM {MapCell._meta.db_table} "
            "WHERE layer = %s AND zoom = %s AND cx >= %s AND cx <= %s AND cy >= %s AND cy <= %s "
            f"AND {in_scope} GROUP BY cx, cy",
            [layer.key, zoom, x0, x1, y0, y1, *scope_params],
        )
        rows = cursor.fetchall()
    return [{"n": n, "lon": lon / n, "lat": lat / n} for n, lon, lat in rows if n]


def grids_in_box(layer: PointLayer, grids: QuerySet[Any], box: Box) -> QuerySet[Any]:
    """The grids (ids) among `grids` that have points of the layer within the box (finest cells)."""
    x0, y0, x1, y1 = box.cells(CELL_ZOOM)
    return (
        MapCell.objects.filter(layer=layer.key, zoom=CELL_ZOOM, cx__gte=x0, cx__lte=x1, cy__gte=y0, cy__lte=y1)
        .filter(grid__in=grids.values("id"))
        .values("grid_id")
        .distinct()
    )
