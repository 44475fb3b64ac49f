"""Casework's background jobs: the deadline sweep, every minute."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jingwang.casework.sweep import sweep
from jingwang.worker.jobs import handler, periodic

SWEEP_EVERY = timedelta(minutes=1)


@handler("casework.sweep", lease=timedelta(minutes=10))
def run_sweep(payload: dict[str, Any]) -> None:

    sweep(reuse_leaders=True)


periodic("casework.sweep", every=SWEEP_EVERY)
