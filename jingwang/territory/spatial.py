"""Point-to-grid assignment with an in-memory STRtree, rebuilt when boundaries change."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
import shapely
from shapely import STRtree
from shapely.geometry import shape

from jingwang.territory.models import Node, NodeKind, TerritoryState


class GridLocator:
    """Grids' polygons in an STRtree; `locate` answers one point, `locate_many` a batch."""

    def __init__(self, grids: Sequence[tuple[int, dict]]) -> None:
        self.ids = np.array([gid for gid, _ in grids], dtype=np.int64)
        self.geoms = [shape(geo) for _, geo in grids]
        self.tree = STRtree(self.geoms)
        shapely.prepare(self.geoms)

    @classmethod
    def from_database(cls) -> GridLocator:
        rows = Node.objects.filter(kind=NodeKind.GRID, is_active=True, boundary__isnull=False).values_list(
            "id", "boundary"
        )
        return cls([(gid, geo) for gid, geo in rows if geo])

    def locate(self, lon: float, lat: float) -> int | None:
        # covered_by, not within: a point on a grid's edge belongs to a grid (the lowest index).
        hits = self.tree.query(shapely.points(lon, lat), predicate="covered_by")
        return int(self.ids[hits.min()]) if len(hits) else None

    def locate_many(self, lons: Sequence[float], lats: Sequence[float]) -> list[int | None]:
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        point_idx, grid_idx = self.tree.query(points, predicate="covered_by")
        result: list[int | None] = [None] * len(points)
        if len(point_idx):
            # Where a point sits on a shared edge the lowest grid index wins, the same as `locate`.
            order = np.lexsort((grid_idx, point_idx))
            first_points, first_at = np.unique(point_idx[order], return_index=True)
            for p, g in zip(first_points, grid_idx[order][first_at], strict=True):
                result[int(p)] = int(self.ids[g])
        return result


_lock = threading.Lock()
_cached: tuple[str, GridLocator] | None = None


def _current_version() -> str:
    return TerritoryState.objects.filter(pk=1).values_list("boundary_token", flat=True).first() or ""


def locator() -> GridLocator:
    """The process's locator, rebuilt if any boundary changed since it was built."""
    global _cached
    version = _current_version()
    with _lock:
        if _cached is None or _cached[0] != version:
            _cached = (version, GridLocator.from_database())
        return _cached[1]


def grid_for_point(lon: float, lat: float) -> Node | None:
    grid_id = locator().locate(lon, lat)
    return Node.objects.get(pk=grid_id) if grid_id is not None else None
