"""Background jobs of the cameras (discovered by the worker)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jingwang.cameras.services import outages_sweep, rollup_recent
from jingwang.worker.jobs import handler, periodic


@handler("cameras.rollup")
def cameras_rollup_job(payload: dict[str, Any]) -> None:
    """Materialise the last days per camera (late events counted); warn communities below target."""
    rollup_recent()


@handler("cameras.outages")
def cameras_outages_job(payload: dict[str, Any]) -> None:
    """One work order per camera offline past the threshold; outages of cameras back are closed."""
    outages_sweep()


periodic("cameras.rollup", every=timedelta(hours=1))
periodic("cameras.outages", every=timedelta(minutes=5))
