"""Periodic housekeeping every installation needs: old jobs, idempotency records, sessions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from jingwang.worker.jobs import handler, periodic, purge_done

IDEMPOTENCY_RETENTION = timedelta(hours=24)


@handler("worker.purge_jobs")
def purge_jobs(payload: dict[str, Any]) -> None:
    purge_done()


@handler("worker.purge_idempotency")
def purge_idempotency(payload: dict[str, Any]) -> None:
    """Idempotency keys protect retries from field devices, which retry within hours, not days."""
    from jingwang.api.models import IdempotencyRecord

    IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - IDEMPOTENCY_RETENTION).delete()


@handler("worker.purge_sessions")
def purge_sessions(payload: dict[str, Any]) -> None:
    from importlib import import_module

    from django.conf import settings

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


periodic("worker.purge_jobs", every=timedelta(hours=6))
periodic("worker.purge_idempotency", every=timedelta(hours=1))
periodic("worker.purge_sessions", every=timedelta(hours=1))
