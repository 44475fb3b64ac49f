"""Background work of the map: recounting the clustered layers' cells (imported by the worker)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jingwang.maps import cells
from jingwang.worker.jobs import handler, periodic


@handler("maps.rebuild_cells", lease=timedelta(minutes=30))
def rebuild_cells(payload: dict[str, Any]) -> None:
    if payload.get("layer"):
        cells.rebuild(str(payload["layer"]))
    else:
        cells.rebuild_all()


# Counts at the zooms where clusters show are at most this old; points (the zooms where single
# records show) are always read live.
periodic("maps.rebuild_cells", every=timedelta(hours=1))
