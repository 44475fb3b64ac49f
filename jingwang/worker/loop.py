"""The worker loop: claim and run due jobs, schedule periodic ones, stop cleanly when asked."""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections, connection

from jingwang.worker import jobs

log = logging.getLogger("jingwang.worker")
SCHEDULE_EVERY = 5.0  # seconds between attempts to schedule the periodic slots


def work(stop: threading.Event, *, poll: float = 1.0, once: bool = False, worker_id: str | None = None) -> int:
    """Run until `stop` is set (or, with `once`, until nothing is due). A job in progress is
    finished before stopping: a stop request never cuts a handler short. Returns jobs run."""
    jobs.discover()
    worker_id = worker_id or jobs.new_worker_id()
    ran, scheduled_at = 0, 0.0
    try:
        while not stop.is_set():
            if not connection.in_atomic_block:  # (a test's transaction is left alone)
                close_old_connections()
            if time.monotonic() - scheduled_at >= SCHEDULE_EVERY:
                try:
                    jobs.schedule_periodic()
                except Exception:
                    log.exception("scheduling periodic jobs failed")
                scheduled_at = time.monotonic()
            job = None
            try:
                job = jobs.claim(worker_id)
            except Exception:
                log.exception("claiming a job failed")
            if job is not None:
                jobs.run_job(job, worker_id)
                ran += 1
                continue
            if once:
                break
            jobs.wake.wait(poll)
            jobs.wake.clear()
    finally:
        if not connection.in_atomic_block:
            connection.close()
    return ran


def start_thread(stop: threading.Event, *, poll: float = 1.0, name: str = "jingwang-worker") -> threading.Thread:
    """A worker beside a server in the same process (the demo on the embedded database)."""
    thread = threading.Thread(target=work, args=(stop,), kwargs={"poll": poll}, name=name, daemon=True)
    thread.start()
    return thread
