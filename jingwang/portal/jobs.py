"""Background jobs of the portal (discovered by the worker)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jingwang.portal.appointments import reminders_send
from jingwang.worker.jobs import handler, periodic


@handler("portal.reminders")
def reminders_job(payload: dict[str, Any]) -> None:
    """Text the residents whose appointment begins within a day (each once)."""
    reminders_send()


periodic("portal.reminders", every=timedelta(minutes=15))
