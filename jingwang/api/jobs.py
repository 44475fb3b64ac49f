"""The API's periodic housekeeping, run by the background worker (discovered as `<app>.jobs`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from jingwang.api.models import IdempotencyRecord
from jingwang.worker.jobs import handler, periodic

IDEMPOTENCY_RETENTION = timedelta(hours=24)


# The kind keeps its name from when the worker app held it (queued and periodic rows use it).
@handler("worker.purge_idempotency")
def purge_idempotency(payload: dict[str, Any]) -> None:
    """Idempotency keys protect retries from field devices, which retry within hours, not days."""
    IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - IDEMPOTENCY_RETENTION).delete()


periodic("worker.purge_idempotency", every=timedelta(hours=1))
