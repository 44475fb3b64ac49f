"""The hazards' background job: rectifications past their deadline are handed over."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jingwang.hazards.services import hazards_overdue
from jingwang.worker.jobs import handler, periodic


@handler("hazards.sweep", lease=timedelta(minutes=10))
def run_sweep(payload: dict[str, Any]) -> None:
    hazards_overdue()


periodic("hazards.sweep", every=timedelta(minutes=5))
