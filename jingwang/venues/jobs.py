"""The venues' background jobs: overdue rectifications, licence reminders and the purge of guest
registrations past their retention period."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from jingwang.venues.inspections import rectifications_overdue, routine_inspections_due, venues_regrade_all
from jingwang.venues.services import guests_purge, licences_expiring
from jingwang.worker.jobs import handler, periodic


@handler("venues.sweep", lease=timedelta(minutes=10))
def run_sweep(payload: dict[str, Any]) -> None:
    rectifications_overdue()
    venues_regrade_all()
    routine_inspections_due()
    licences_expiring()


@handler("venues.purge_guests", lease=timedelta(minutes=30))
def run_purge(payload: dict[str, Any]) -> None:
    guests_purge()


periodic("venues.sweep", every=timedelta(minutes=5))
periodic("venues.purge_guests", every=timedelta(hours=6))
