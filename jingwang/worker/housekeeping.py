"""Periodic housekeeping every installation needs: old jobs, sessions (the API purges its own
idempotency records: jingwang.api.jobs)."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module
from typing import Any

from django.conf import settings

from jingwang.worker.jobs import handler, periodic, purge_done


@handler("worker.purge_jobs")
def purge_jobs(payload: dict[str, Any]) -> None:
    purge_done()


@handler("worker.purge_sessions")
def purge_sessions(payload: dict[str, Any]) -> None:
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


periodic("worker.purge_jobs", every=timedelta(hours=6))
periodic("worker.purge_sessions", every=timedelta(hours=1))
