"""Background jobs: enqueue work inside a transaction, run it in `jingwang worker`.

    from jingwang.worker.jobs import enqueue, handler, periodic

    @handler("linkage.match_person")          # in <your app>/jobs.py (imported by the worker)
    def match_person(payload: dict) -> None: ...

    enqueue("linkage.match_person", {"person": 7}, dedupe_key="linkage.match_person:7:v3")
    periodic("casework.sweep", every=timedelta(minutes=1))

Guarantees and rules:
- `enqueue` writes the job in the caller's transaction: it exists only if that transaction
  commits. A non-empty `dedupe_key` names one piece of work: while a job with that key is kept
  (done jobs are purged after JOB_RETENTION), enqueueing it again returns the existing job. Put a
  version or a time slot in the key when the same work must run again later.
- Handlers run outside any transaction the worker holds (they open their own, as short as they
  like) and must be idempotent: a job whose worker died mid-way is run again once its lease
  expires, and a handler that raises is retried with back-off up to MAX_ATTEMPTS times.
- Claims are atomic: on PostgreSQL `SELECT … FOR UPDATE SKIP LOCKED` then a conditional UPDATE,
  so several workers share the queue without running a job twice at once; on SQLite the
  IMMEDIATE transaction holds the database's single write lock while claiming.
- `periodic(kind, every=…)` makes every worker schedule one job per time slot (the dedupe key is
  the slot), so one run per slot however many workers run.
- `run_pending()` runs every due job in-process (tests call it; so does the loop).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from jingwang.worker.models import Job

log = logging.getLogger("jingwang.worker")

Handler = Callable[[dict[str, Any]], None]
DEFAULT_LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
JOB_RETENTION = timedelta(days=7)


@dataclass(frozen=True)
class _Registered:
    fn: Handler
    lease: timedelta


@dataclass(frozen=True)
class Periodic:
    kind: str
    every: timedelta
    payload: dict[str, Any] = field(default_factory=dict)


_HANDLERS: dict[str, _Registered] = {}
_PERIODIC: dict[str, Periodic] = {}
_discovered = False
# Set after a commit that enqueued a job, so an in-process worker (the demo's) starts at once.
wake = threading.Event()


def handler(kind: str, *, lease: timedelta = DEFAULT_LEASE) -> Callable[[Handler], Handler]:
    """Register the function that runs jobs of `kind`. `lease` is how long a claim lasts before
    another worker may take the job again: longer than the handler ever runs."""

    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = _Registered(fn, lease)
        return fn

    return register


def periodic(kind: str, *, every: timedelta, payload: dict[str, Any] | None = None) -> None:
    """Have the workers run `kind` once every `every` (slots aligned on the epoch, in UTC)."""
    _PERIODIC[kind] = Periodic(kind, every, dict(payload or {}))


def discover() -> None:
    """Import every installed app's `jobs` module, where handlers and periodic jobs register."""
    global _discovered
    if not _discovered:
        autodiscover_modules("jobs")
        _discovered = True


def handlers() -> dict[str, _Registered]:
    discover()
    return dict(_HANDLERS)


def periodic_jobs() -> dict[str, Periodic]:
    discover()
    return dict(_PERIODIC)


def enqueue(kind: str, payload: dict[str, Any], *, run_at: datetime | None = None, dedupe_key: str = "") -> Job:
    """Add a job in the caller's transaction; with a dedupe key already kept, return that job."""
    values = {"kind": kind, "payload": payload, "run_at": run_at or timezone.now(), "dedupe_key": dedupe_key}
    if dedupe_key:
        existing = Job.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                job = Job.objects.create(**values)
        except IntegrityError:  # a concurrent transaction added it first
            return Job.objects.get(dedupe_key=dedupe_key)
    else:
        job = Job.objects.create(**values)
    transaction.on_commit(wake.set)
    return job


def _slot_start(now: datetime, every: timedelta) -> datetime:
    seconds = max(int(every.total_seconds()), 1)
    epoch = int(now.timestamp()) // seconds * seconds
    return datetime.fromtimestamp(epoch, tz=UTC)


def schedule_periodic(now: datetime | None = None) -> int:
    """Enqueue the current slot of every periodic job (a no-op for slots already there)."""
    now = now or timezone.now()
    added = 0
    for spec in periodic_jobs().values():
        start = _slot_start(now, spec.every)
        key = f"periodic:{spec.kind}:{start:%Y%m%dT%H%M%S}"
        if Job.objects.filter(dedupe_key=key).exists():
            continue
        with transaction.atomic():
            enqueue(spec.kind, dict(spec.payload), run_at=start, dedupe_key=key)
        added += 1  # (or a concurrent worker added the same slot a moment earlier: one job either way)
    return added


def _claimable(now: datetime) -> Q:
    return Q(done_at__isnull=True, run_at__lte=now) & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))


def claim(worker_id: str, now: datetime | None = None) -> Job | None:
    """Take the oldest due job that nobody holds (or whose holder's lease ran out)."""
    now = now or timezone.now()
    with transaction.atomic():
        candidates = Job.objects.filter(_claimable(now)).order_by("run_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        job = candidates.first()
        if job is None:
            return None
        registered = _HANDLERS.get(job.kind)
        until = now + (registered.lease if registered else DEFAULT_LEASE)
        taken = Job.objects.filter(_claimable(now), pk=job.pk).update(
            claimed_by=worker_id, claimed_until=until, attempts=F("attempts") + 1
        )
        if not taken:
            return None
        job.claimed_by, job.claimed_until, job.attempts = worker_id, until, job.attempts + 1
        return job


def run_job(job: Job, worker_id: str) -> bool:
    """Run one claimed job; True when it succeeded. Failures are retried with back-off."""
    registered = handlers().get(job.kind)
    try:
        if registered is None:
            raise LookupError(f"no handler for job kind {job.kind!r}")
        registered.fn(dict(job.payload))
    except Exception as exc:
        log.warning("job %s failed (attempt %s): %s", job, job.attempts, exc)
        now = timezone.now()
        error = "".join(traceback.format_exception_only(exc)).strip()[:2000]
        mine = Job.objects.filter(pk=job.pk, claimed_by=worker_id, done_at__isnull=True)
        if job.attempts >= MAX_ATTEMPTS:
            mine.update(last_error=error, done_at=now, failed_at=now, claimed_until=None)
        else:
            backoff = timedelta(seconds=min(10 * 2 ** (job.attempts - 1), 3600))
            mine.update(last_error=error, run_at=now + backoff, claimed_until=None)
        return False
    Job.objects.filter(pk=job.pk, done_at__isnull=True).update(done_at=timezone.now(), claimed_until=None)
    return True


def new_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def run_pending(*, worker_id: str | None = None, limit: int | None = None, periodic: bool = False) -> int:
    """Run due jobs until none is left (or `limit` ran); returns how many ran. With
    `periodic=True` the current periodic slots are scheduled first."""
    discover()
    worker_id = worker_id or new_worker_id()
    if periodic:
        schedule_periodic()
    ran = 0
    while limit is None or ran < limit:
        job = claim(worker_id)
        if job is None:
            break
        run_job(job, worker_id)
        ran += 1
    return ran


def purge_done(now: datetime | None = None) -> int:
    """Forget jobs finished longer ago than JOB_RETENTION (their dedupe keys become free)."""
    cutoff = (now or timezone.now()) - JOB_RETENTION
    deleted, _ = Job.objects.filter(done_at__lt=cutoff).delete()
    return deleted
