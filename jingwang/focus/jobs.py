"""Background jobs of the focus ledger (discovered by the worker)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jingwang.focus.followups import followups_ensure
from jingwang.focus.services import listings_lapse
from jingwang.worker.jobs import handler, periodic


@handler("focus.sweep")
def focus_sweep_job(payload: dict[str, Any]) -> None:
    """Listings past their review date lapse; every active listing has its one open follow-up."""
    listings_lapse()
    followups_ensure()


periodic("focus.sweep", every=timedelta(hours=1))
