"""`jingwang figures refresh [--days N]` and `jingwang figures verify [--month YYYY-MM]`.

refresh: what the nightly job does (the last N days recomputed, rolled up per month).
verify: every declared figure recomputed from the raw rows for every node and the month, compared
with the rolled-up tables; exits with an error listing any difference."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jingwang.figures import engine
from jingwang.figures.declare import declared
from jingwang.territory.models import Node


class Command(BaseCommand):
    help = "Refresh the figures' tables, or verify them against the raw records."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["refresh", "verify"])
        parser.add_argument("--days", type=int, default=engine.REFRESH_DAYS)
        parser.add_argument("--month", help="YYYY-MM (default: the last complete month)")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "refresh":
            if opts["days"] < 0:
                raise CommandError("--days must not be negative")
            rows = engine.refresh_recent(days=opts["days"])
            self.stdout.write(f"{rows:,} daily rows written.")
            return
        month = engine.last_complete_month()
        if opts["month"]:
            try:
                year, m = (int(p) for p in opts["month"].split("-", 1))
                month = date(year, m, 1)
            except ValueError:
                raise CommandError("--month must be YYYY-MM") from None
        period = engine.Period(month)
        nodes = list(Node.objects.all())
        bad = []
        for fig in declared():
            table = engine.figure_values(fig.key, nodes, period)
            for node in nodes:
                raw = fig.value(*engine.recompute(fig, node, period.start, period.end))
                kept = table[node.pk]
                same = kept == raw or (kept is not None and raw is not None and abs(kept - raw) < 1e-9)
                if not same:
                    bad.append(f"{fig.key} {node.ref}: table {kept} raw {raw}")
        if bad:
            raise CommandError("figures differ from the raw records:\n" + "\n".join(bad[:50]))
        self.stdout.write(f"{len(declared())} figures × {len(nodes)} nodes match the raw records for {month:%Y-%m}.")
