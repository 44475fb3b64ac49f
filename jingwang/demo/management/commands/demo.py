"""`jingwang demo`: migrate, seed the synthetic demo city when empty, list the accounts, serve."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from jingwang.audit import checkpoints
from jingwang.audit.models import AuditEvent
from jingwang.demo.followups_seed import seed_followups
from jingwang.demo.incidents_seed import seed_incidents
from jingwang.demo.maps_seed import seed_maps
from jingwang.demo.registry_seed import plant_duplicates, seed_registry
from jingwang.demo.seed import ACCOUNTS, DEMO_PASSWORD, FIRST_COMMUNITY, seed_demo
from jingwang.territory.models import Node

DEMO_RESIDENTS = 2000


class Command(BaseCommand):
    help = "Set up and run the demonstration platform (synthetic data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Set everything up, then stop.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **opts: Any) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database migrated.")
        if not Node.objects.exists():
            self._new_database_new_checkpoints()
            counts = seed_demo()
            self.stdout.write(
                f"Demo city seeded: {counts['nodes']} territory nodes, {counts['users']} accounts, "
                f"{counts['roster']} roster members (all synthetic)."
            )
            written = seed_registry(residents=DEMO_RESIDENTS)
            # A few residents entered twice, so the officer's review of possible duplicates has pairs.
            grids = Node.objects.filter(code__startswith=FIRST_COMMUNITY, kind="grid").values_list("code", flat=True)
            planted = plant_duplicates(grid_codes=list(grids))
            self.stdout.write(f"Demo duplicates: {planted} residents entered twice, for the review of duplicates.")
            self.stdout.write(
                f"Demo registry seeded: {written.get('persons', 0):,} residents in {written.get('houses', 0):,} "
                f"houses, {written.get('units', 0):,} units (all synthetic)."
            )
            incidents = seed_incidents()
            self.stdout.write(
                f"Demo incidents seeded: {incidents.created:,} over the last 18 months "
                f"({incidents.unmatched:,} on no grid; all synthetic)."
            )
            followups = seed_followups(community_code=FIRST_COMMUNITY)
            self.stdout.write(
                f"Demo follow-ups: {followups.get('return_visits', 0)} return visits at each stage, "
                f"{followups.get('bulletins', 0)} bulletins (one published), "
                f"{followups.get('cases_from_calls', 0)} non-police calls turned into cases."
            )
            cells = seed_maps()
            self.stdout.write(f"Map clusters counted: {cells.get('addresses', 0):,} standard addresses.")
        else:
            self.stdout.write("Database already holds data; seeding skipped.")
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for a in ACCOUNTS:
            self.stdout.write(f"  {a.username:<12} {a.role:<18} {a.scope:<30} {a.name}")
        self.stdout.write("")
        if opts["no_serve"]:
            return
        call_command("serve", host=opts["host"], port=opts["port"], workers=opts["workers"])

    def _new_database_new_checkpoints(self) -> None:
        """A demo database deleted and started again keeps its name: the audit checkpoints of the
        one before would make the new trail look truncated, so they are set aside (demo only)."""

        if not AuditEvent.objects.filter(seq__isnull=False).exists() and (moved := checkpoints.retire()):
            self.stdout.write(f"Audit checkpoints of an earlier demo database set aside: {moved.name}")
