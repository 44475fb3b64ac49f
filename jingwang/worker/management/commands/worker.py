"""`jingwang worker [--once] [--concurrency N]`: run background jobs until SIGTERM or SIGINT."""

from __future__ import annotations

import os
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jingwang.worker.loop import work


def watch_parent(pid: int, stop: threading.Event) -> None:
    """A worker started beside a server stops when the server is gone (even if it was killed)."""

    def watch() -> None:
        while not stop.wait(2.0):
            if os.getppid() != pid:
                stop.set()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class Command(BaseCommand):
    help = "Run background jobs (deadline sweeps, housekeeping, matching) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is due now, then exit")
        parser.add_argument("--concurrency", type=int, default=1, help="worker threads in this process")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between polls when idle")
        parser.add_argument("--parent-pid", type=int, default=0, help="stop when this process is gone (serve)")

    def handle(self, *args: Any, **opts: Any) -> None:
        stop = threading.Event()

        def ask_to_stop(signum: int, frame: Any) -> None:
            self.stderr.write("stopping after the jobs in progress…")
            stop.set()

        signal.signal(signal.SIGTERM, ask_to_stop)
        signal.signal(signal.SIGINT, ask_to_stop)
        if opts["parent_pid"]:
            watch_parent(opts["parent_pid"], stop)
        concurrency = max(1, opts["concurrency"])
        self.stdout.write(f"worker started ({concurrency} thread(s)); SIGTERM stops it after the jobs in progress")
        self.stdout.flush()
        if concurrency == 1:  # in this thread: signals arrive here, and no connection is shared
            ran = work(stop, poll=opts["poll"], once=opts["once"])
            self.stdout.write(f"worker stopped; {ran} job(s) run")
            return
        totals: list[int] = []
        threads = [
            threading.Thread(
                target=lambda: totals.append(work(stop, poll=opts["poll"], once=opts["once"])),
                name=f"jingwang-worker-{n}",
            )
            for n in range(concurrency)
        ]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            for thread in threads:
                thread.join(timeout=0.5)
        self.stdout.write(f"worker stopped; {sum(totals)} job(s) run")
