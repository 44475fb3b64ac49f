"""The job queue: enqueue in a transaction, dedupe, claims, leases, retries, periodic slots."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from jingwang.worker import jobs
from jingwang.worker.jobs import claim, enqueue, handler, periodic, run_job, run_pending, schedule_periodic
from jingwang.worker.models import Job
from jingwang.worker.testing import ROOT, run_together, shared_database

pytestmark = pytest.mark.django_db
SEEN: list[dict[str, Any]] = []


@handler("test.record")
def record(payload: dict[str, Any]) -> None:
    SEEN.append(payload)


@handler("test.fail")
def fail(payload: dict[str, Any]) -> None:
    raise RuntimeError("boom")


@pytest.fixture(autouse=True)
def _clean() -> Any:
    SEEN.clear()
    saved = dict(jobs._PERIODIC)
    jobs._PERIODIC.clear()  # only what each test declares
    yield
    jobs._PERIODIC.clear()
    jobs._PERIODIC.update(saved)


def test_a_job_runs_once_and_is_marked_done() -> None:
    enqueue("test.record", {"n": 1})
    assert run_pending() == 1
    assert SEEN == [{"n": 1}]
    assert run_pending() == 0
    job = Job.objects.get()
    assert job.done_at is not None and job.attempts == 1 and job.failed_at is None


def test_a_job_exists_only_if_its_transaction_commits() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue("test.record", {"n": 1})
        raise RuntimeError("the effect failed")
    assert Job.objects.count() == 0


def test_a_dedupe_key_enqueues_one_job() -> None:
    first = enqueue("test.record", {"n": 1}, dedupe_key="k:1")
    second = enqueue("test.record", {"n": 2}, dedupe_key="k:1")
    assert first.pk == second.pk and Job.objects.count() == 1
    run_pending()
    assert SEEN == [{"n": 1}]


def test_a_job_due_later_waits() -> None:
    with time_machine.travel("2026-11-21 09:00:00+08:00", tick=False) as clock:
        enqueue("test.record", {"n": 1}, run_at=timezone.now() + timedelta(minutes=5))
        assert run_pending() == 0
        clock.shift(timedelta(minutes=5))
        assert run_pending() == 1


def test_a_failing_job_is_retried_with_back_off_then_given_up() -> None:
    with time_machine.travel("2026-11-21 09:00:00+08:00", tick=False) as clock:
        enqueue("test.fail", {})
        assert run_pending() == 1
        job = Job.objects.get()
        assert job.done_at is None and "boom" in job.last_error and job.run_at > timezone.now()
        for _ in range(jobs.MAX_ATTEMPTS):
            clock.shift(timedelta(hours=2))
            run_pending()
        job.refresh_from_db()
    assert job.failed_at is not None and job.done_at is not None and job.attempts == jobs.MAX_ATTEMPTS


def test_an_expired_lease_is_reclaimed_by_another_worker() -> None:
    with time_machine.travel("2026-11-21 09:00:00+08:00", tick=False) as clock:
        enqueue("test.record", {"n": 1})
        taken = claim("worker-a")  # and then worker-a dies
        assert taken is not None
        assert claim("worker-b") is None  # the lease holds
        clock.shift(jobs.DEFAULT_LEASE + timedelta(seconds=1))
        again = claim("worker-b")
        assert again is not None and again.pk == taken.pk and again.attempts == 2
        assert run_job(again, "worker-b")
    assert SEEN == [{"n": 1}]


def test_periodic_jobs_run_once_per_slot() -> None:
    periodic("test.record", every=timedelta(minutes=1), payload={"tick": True})
    with time_machine.travel("2026-11-21 09:00:10+08:00", tick=False) as clock:
        schedule_periodic()
        schedule_periodic()  # a second worker at the same moment
        assert run_pending() == 1
        clock.shift(timedelta(seconds=20))
        assert schedule_periodic() == 0 and run_pending() == 0
        clock.shift(timedelta(seconds=40))
        schedule_periodic()
        assert run_pending() == 1
    assert SEEN == [{"tick": True}, {"tick": True}]


def test_the_worker_command_runs_what_is_due_once() -> None:
    enqueue("worker.purge_jobs", {})
    call_command("worker", "--once")
    assert Job.objects.filter(kind="worker.purge_jobs", done_at__isnull=False).count() >= 1


def test_housekeeping_purges_old_jobs_and_idempotency_records(world: Any) -> None:
    from jingwang.api.models import IdempotencyRecord

    with time_machine.travel("2026-11-01 09:00:00+08:00", tick=False):
        enqueue("test.record", {"n": 1})
        run_pending()
        IdempotencyRecord.objects.create(user=world.officer_a, key="old-key-123", request_hash="x")
    enqueue("worker.purge_jobs", {})
    enqueue("worker.purge_idempotency", {})
    enqueue("worker.purge_sessions", {})
    run_pending()
    assert not Job.objects.filter(kind="test.record").exists()
    assert IdempotencyRecord.objects.count() == 0


CLAIM = """
from jingwang.worker.jobs import run_pending

def main():
    return run_pending()
"""


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_run_each_job_exactly_once() -> None:
    Job.objects.bulk_create(Job(kind="worker.purge_jobs", payload={"n": n}, run_at=timezone.now()) for n in range(120))
    with shared_database() as db:
        ran = run_together(db, CLAIM, [])
        rows = db.query("SELECT attempts, done_at IS NOT NULL, COUNT(*) FROM worker_job GROUP BY 1, 2")
    assert sum(ran) == 120, ran
    assert [tuple(r) for r in rows] == [(1, 1, 120)] or [tuple(r) for r in rows] == [(1, True, 120)]


@pytest.mark.django_db(transaction=True)
def test_sigterm_lets_the_worker_finish_and_exit() -> None:
    enqueue("worker.purge_jobs", {})
    with shared_database() as db:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jingwang.settings_test", "DATABASE_URL": db.url}
        child = subprocess.Popen(
            [sys.executable, "-m", "django", "worker", "--poll", "0.1"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert "worker started" in child.stdout.readline()
        deadline = time.time() + 30
        while time.time() < deadline and db.query("SELECT COUNT(*) FROM worker_job WHERE done_at IS NULL")[0][0]:
            time.sleep(0.1)
        child.send_signal(signal.SIGTERM)
        out, err = child.communicate(timeout=30)
        assert child.returncode == 0, err
        assert "worker stopped" in out
        assert db.query("SELECT COUNT(*) FROM worker_job WHERE done_at IS NULL")[0][0] == 0
