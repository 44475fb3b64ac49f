"""`jingwang territory import FILE [--dry-run]` and `jingwang territory list [--kind KIND]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jingwang.territory.importer import read_file
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.services import territory_import


class Command(BaseCommand):
    help = "Import or list the territory trees."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import nodes and boundaries from GeoJSON or CSV")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true")
        lst = sub.add_parser("list", help="print code, name, kind, parent (tab separated)")
        lst.add_argument("--kind", choices=NodeKind.values)

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "list":
            qs = Node.objects.select_related("parent").order_by("path")
            if opts.get("kind"):
                qs = qs.filter(kind=opts["kind"])
            for node in qs.iterator(chunk_size=2000):
                self.stdout.write(f"{node.code}\t{node.name}\t{node.kind}\t{node.parent.code if node.parent else ''}")
            return
        path = Path(opts["file"])
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        try:
            specs = read_file(path)
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: {exc}") from None
        report = territory_import(by=None, specs=specs, dry_run=opts["dry_run"])
        for problem in report.plan.warnings:
            self.stderr.write(f"warning: {problem}")
        if report.plan.fatal:
            for problem in report.plan.fatal:
                self.stderr.write(f"error: {problem}")
            raise CommandError(f"{len(report.plan.fatal)} error(s); nothing was imported.")
        if report.dry_run:
            self.stdout.write(f"dry run: {len(specs)} rows are valid; nothing was written.")
        else:
            self.stdout.write(
                f"imported: {report.created} created, {report.updated} updated, {report.unchanged} unchanged"
            )
