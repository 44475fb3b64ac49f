"""`jingwang worker [--once] [--concurrency N]`: run background jobs until SIGTERM or SIGINT."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jingwang.worker.loop import work


class Command(BaseCommand):
    help = "Run background jobs (deadline sweeps, housekeeping, matching) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is due now, then exit")
        parser.add_argument("--concurrency", type=int, default=1, help="worker threads in this process")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between polls when idle")

    def handle(self, *args: Any, **opts: Any) -> None:
        stop = threading.Event()

        def ask_to_stop(signum: int, frame: Any) -> None:
            self.stderr.write("stopping after the jobs in progress…")
            stop.set()

        signal.signal(signal.SIGTERM, ask_to_stop)
        signal.signal(signal.SIGINT, ask_to_stop)
        concurrency = max(1, opts["concurrency"])
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
