"""`jingwang import KIND FILE [--dry-run]`: import persons, houses, units or addresses from CSV or xlsx
(and the kinds other apps declare in `registry.imports.kinds`, such as incidents).

Prints each bad row as `line N: field: message`, then the counts. Exit status 0 when the import
ran (bad rows or not), 1 when the file could not be imported at all (unreadable, unknown kind,
required columns missing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from jingwang.registry.imports.importer import BATCH_SIZE, ImportReport, default_workers, import_file
from jingwang.registry.imports.kinds import OTHER_KINDS, FileImportSummary
from jingwang.registry.imports.tabular import ImportFileError
from jingwang.registry.models import ImportKind


class Command(BaseCommand):
    help = (
        "Import persons, houses, units or addresses from a CSV (UTF-8 or GB18030) or xlsx file. Bad rows are "
        "reported by line and skipped; rows already registered are left alone; an interrupted import of the "
        "same file resumes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help=f"one of: {', '.join([*ImportKind.values, *sorted(OTHER_KINDS)])}")
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="rows per transaction")
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="processes that check rows beside the one that writes (default: one per spare core, at most 4)",
        )
        parser.add_argument("--language", metavar="CODE", help="language of the messages (default zh-hans)")

    def handle(self, *args: Any, **opts: Any) -> None:
        language = opts["language"]
        if language is not None and not translation.check_for_language(language):
            raise CommandError(f"unknown language {language!r}")
        with translation.override(language or translation.get_language()):
            if opts["kind"] in OTHER_KINDS:
                try:
                    summary = OTHER_KINDS[opts["kind"]](Path(opts["file"]), opts["dry_run"])
                except ImportFileError as exc:
                    raise CommandError(f"{opts['file']}: {exc.message}") from None
                self.show_other(summary, dry_run=opts["dry_run"])
                return
            try:
                report = import_file(
                    by=None,
                    kind=opts["kind"],
                    path=opts["file"],
                    dry_run=opts["dry_run"],
                    batch_size=opts["batch_size"],
                    workers=opts["workers"],
                )
            except ImportFileError as exc:
                raise CommandError(f"{opts['file']}: {exc.message}") from None
            self.show(report)

    def show(self, report: ImportReport) -> None:
        for problem in report.problems:
            self.stdout.write(str(problem))
        if report.ignored_columns:
            self.stdout.write(f"ignored columns: {', '.join(report.ignored_columns)}")
        if report.resumed_after:
            self.stdout.write(f"resumed job {report.job_id} after row {report.resumed_after:,}")
        written = ", ".join(f"{n:,} {name}" for name, n in sorted(report.written.items()) if n)
        head = "dry run (nothing written)" if report.dry_run else f"imported (job {report.job_id})"
        self.stdout.write(
            f"{head}: {report.rows:,} rows: {report.created:,} created, {report.present:,} already present, "
            f"{report.bad:,} bad" + (f"; rows written: {written}" if written else "")
        )

    def show_other(self, summary: FileImportSummary, *, dry_run: bool) -> None:
        for problem in summary.problems:
            self.stdout.write(problem)
        if summary.ignored_columns:
            self.stdout.write(f"ignored columns: {', '.join(summary.ignored_columns)}")
        head = "dry run (nothing written)" if dry_run else "imported"
        notes = "".join(f"; {note}" for note in summary.notes)
        self.stdout.write(
            f"{head}: {summary.rows:,} rows: {summary.created:,} created, {summary.present:,} already present, "
            f"{summary.bad:,} bad{notes}"
        )
