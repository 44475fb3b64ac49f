"""`jingwang seed --residents N [--seed S] [--units M]`: fill the territory with synthetic residents."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jingwang.demo.registry_seed import seed_registry
from jingwang.demo.seed import seed_demo
from jingwang.territory.models import Node


class Command(BaseCommand):
    help = (
        "Add N synthetic residents (with their houses, addresses and household relations) and units to the "
        "grids of the territory; seeds the demo city first when the territory is empty. The same --seed "
        "gives the same people; seeding again with it adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--residents", type=int, required=True, metavar="N")
        parser.add_argument("--seed", type=int, default=1, metavar="S")
        parser.add_argument("--units", type=int, metavar="M", help="units to add (default: one per 50 residents)")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["residents"] < 0 or (opts["units"] or 0) < 0:
            raise CommandError("--residents and --units cannot be negative")
        if not Node.objects.exists():
            counts = seed_demo()
            self.stdout.write(f"Demo city seeded: {counts['nodes']} territory nodes, {counts['users']} accounts.")
        start = time.perf_counter()
        try:
            written = seed_registry(
                residents=opts["residents"], seed=opts["seed"], units=opts["units"], log=self.stdout.write
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        summary = ", ".join(f"{n:,} {kind}" for kind, n in sorted(written.items()))
        self.stdout.write(f"Seeded in {time.perf_counter() - start:.1f} s: {summary or 'nothing new'} (all synthetic).")
