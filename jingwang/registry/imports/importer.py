"""Importing persons, houses, units and addresses from CSV or xlsx (SECURITY 20, 25).

Every row is checked as the services check it (`clean_person`, `clean_unit`, `clean_house`,
`parse_address`); a bad row is reported with its line and a message per field in the active
language, and the good rows are imported. Columns: see `tabular`.

- Idempotent on natural keys: person = ID number (through the blind index), unit = credit code
  (else name + address), address = canonical text, house = its address. A row whose record exists
  is counted "already present" and left as it is (no update), so a re-run adds nothing. Within one
  file a second row with the same person, unit or house is a bad row (two rows may disagree); a
  second row with the same address is simply present.
- A person row creates what `collection_decide` would: the address, the house at it and the
  residence. A row whose person is already registered is skipped whole.
- The grid of a new address comes from its coordinates (point in polygon), else from the grid
  column; an existing address keeps its grid. With neither the row is bad ("no grid"). Rows are
  refused outside the importing user's scope (`by=None`, the command line, is trusted).
- Resumable: an `ImportJob` records the file's hash and the data rows committed; each batch
  commits its rows, the job's progress and one audit event together. Importing the same file
  again while a job for it is unfinished continues after its last committed batch, re-checking
  the earlier rows only to report their problems again, and ends with the rows an uninterrupted
  run would have written.
- A dry run writes nothing (no job, no audit) and returns the same report, with a preview of the
  first rows as they would be stored (identifiers masked).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import socket
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jingwang.core import identity
from jingwang.core.access import scope_grants, under_any
from jingwang.core.errors import Forbidden
from jingwang.core.names import name_pinyin
from jingwang.registry.imports.bulk import AddressIn, Batch, BulkWriter, HouseIn, Outcome, PersonIn, UnitIn
from jingwang.registry.imports.rows import Row, examine, examine_chunk
from jingwang.registry.imports.tabular import ImportFileError, open_table
from jingwang.registry.merges.enqueue import match_range_later
from jingwang.registry.models import Address, House, ImportJob, ImportKind, ImportStatus, Person, Unit
from jingwang.registry.services.places import ADDRESS_COMPONENTS
from jingwang.territory import spatial
from jingwang.territory.models import Node, NodeKind

BATCH_SIZE = 2000
CHUNK_ROWS = 1000  # rows a worker process checks at a time
PREVIEW_ROWS = 10
MODELS: dict[str, type] = {"person": Person, "house": House, "unit": Unit, "address": Address}
# A run that has not reported progress for this long is taken to be dead.
STALE_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


@dataclass
class ImportReport:
    """What an import did (or, on a dry run, would do). `created + present + bad == rows`."""

    kind: str
    file_name: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    present: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    written: dict[str, int] = field(default_factory=dict)  # rows written per table, links included
    preview: list[dict[str, Any]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    job_id: int | None = None
    resumed_after: int = 0

    @property
    def bad(self) -> int:
        return len({p.line for p in self.problems})

    @property
    def bad_lines(self) -> list[int]:
        return sorted({p.line for p in self.problems})


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def _alive(owner: str) -> bool:
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Import:
    """One run over one file."""

    def __init__(self, *, by: Any, kind: str, dry_run: bool, batch_size: int, workers: int) -> None:
        self.by, self.kind, self.dry_run, self.batch_size, self.workers = by, kind, dry_run, batch_size, workers
        self.model = MODELS[kind]
        self.grids = self._grids()
        self.grid_codes = {pk: code for code, pk in self.grids.items()}
        self.allowed = set(self.grids.values())
        self.seen: dict[Any, int] = {}
        self.job: ImportJob | None = None
        self.resume_after = 0
        self.report: ImportReport
        self.writer: BulkWriter

    # --- set-up -----------------------------------------------------------------------------

    def _grids(self) -> dict[str, int]:
        """Grid code → id for the grids rows may go to: all of them for the command line, else
        those under the user's scope for adding this kind of record."""
        grids = Node.objects.filter(kind=NodeKind.GRID, is_active=True)
        if self.by is not None:
            paths = sorted({g.path for g in scope_grants(self.by, self.model, "add")})
            if not paths:
                raise Forbidden(_("You may not import this kind of record."))
            grids = grids.filter(under_any("path", "police_path", paths))
        return dict(grids.values_list("code", "id"))

    def _claim_job(self, name: str, file_hash: str) -> None:
        """Continue the unfinished job for this file, or start one."""
        with transaction.atomic():
            job = (
                ImportJob.objects.select_for_update()
                .filter(file_hash=file_hash, kind=self.kind)
                .filter(status__in=[ImportStatus.RUNNING, ImportStatus.INTERRUPTED])
                .order_by("-id")
                .first()
            )
            me = _owner()
            if job is not None and job.status == ImportStatus.RUNNING and job.owner != me:
                fresh = timezone.now() - job.updated_at < STALE_AFTER
                if _alive(job.owner) or (fresh and job.owner.rpartition(":")[0] != socket.gethostname()):
                    raise ImportFileError(
                        _("This file is being imported by another process (job %(job)s); wait for it to finish.")
                        % {"job": job.pk}
                    )
            if job is None:
                job = ImportJob.objects.create(
                    kind=self.kind, file_name=name[:255], file_hash=file_hash, batch_size=self.batch_size,
                    owner=me, started_by=self.by if getattr(self.by, "pk", None) else None,
                )  # fmt: skip
            else:
                job.status, job.owner = ImportStatus.RUNNING, me
                job.save(update_fields=["status", "owner", "updated_at"])
        self.job = job
        self.batch_size = job.batch_size
        self.resume_after = job.rows_done
        counts = job.counts or {}
        self.report.created = counts.get("created", 0)
        self.report.present = counts.get("present", 0)
        self.report.written = dict(counts.get("written", {}))
        self.report.job_id, self.report.resumed_after = job.pk, job.rows_done

    # --- the run ----------------------------------------------------------------------------

    def run(self, path: Path, file_name: str = "") -> ImportReport:
        name = file_name or path.name
        self.report = ImportReport(kind=self.kind, file_name=name, dry_run=self.dry_run)
        with open_table(path, self.kind) as table:
            self.report.ignored_columns = table.ignored
            if not self.dry_run:
                self._claim_job(name, table.file_hash)
            job_id = str(self.job.pk) if self.job else ""
            self.writer = BulkWriter(by=self.by, action="registry.import", object_type="registry.importjob",
                                     object_id=job_id, dry_run=self.dry_run)  # fmt: skip
            try:
                self._rows(table.records())
            except BaseException:
                if self.job is not None:
                    ImportJob.objects.filter(pk=self.job.pk).update(status=ImportStatus.INTERRUPTED)
                raise
        self.report.problems.sort(key=lambda p: p.line)
        if self.job is not None:
            ImportJob.objects.filter(pk=self.job.pk).update(
                status=ImportStatus.DONE, finished_at=timezone.now(), rows_total=self.report.rows,
                bad_rows=self.report.bad,
            )  # fmt: skip
        return self.report

    def _rows(self, records: Iterator[tuple[int, dict[str, str]]]) -> None:
        pending: list[Row] = []
        count = 0
        for row in self._examined(records):
            count += 1
            if self._accept(row):
                pending.append(row)
            if count % self.batch_size == 0:
                self._flush(pending, count)
                pending = []
        self.report.rows = count
        if pending or count % self.batch_size:
            self._flush(pending, count)

    def _examined(self, records: Iterator[tuple[int, dict[str, str]]]) -> Iterator[Row]:
        """The rows after `rows.examine`: here, or in worker processes that check the next
        chunks while this one writes."""
        if self.workers <= 0:
            for line, record in records:
                yield examine(self.kind, line, record)
            return
        language = translation.get_language() or settings.LANGUAGE_CODE
        # fork: the workers start with this process's settings and keys, and run only pure checks
        # (they never touch its database connection).
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(self.workers, mp_context=context) as pool:
            ahead: deque[Future[list[Row]]] = deque()
            try:
                while chunk := list(itertools.islice(records, CHUNK_ROWS)):
                    ahead.append(pool.submit(examine_chunk, self.kind, language, chunk))
                    if len(ahead) > 2 * self.workers:
                        yield from ahead.popleft().result()
                while ahead:
                    yield from ahead.popleft().result()
            finally:
                for future in ahead:
                    future.cancel()

    def problem(self, line: int, field: str, message: str) -> None:
        self.report.problems.append(RowProblem(line, field, message))

    def _accept(self, row: Row) -> bool:
        """Report the row's problems and those that need this run's state (grid codes within
        scope, the same record earlier in the file); whether the row goes on."""
        for name, message in row.problems:
            self.problem(row.line, name, message)
        ok = not row.problems
        if row.grid_code:
            row.grid_id = self.grids.get(row.grid_code)
            if row.grid_id is None:
                self.problem(row.line, "grid", _("Unknown grid."))
                ok = False
        if not ok:
            return False
        if self.kind == ImportKind.PERSON and not (row.parsed or row.point or row.grid_id):
            self.problem(row.line, "address", _("Give the address, the grid or the coordinates."))
            return False
        if self.kind == ImportKind.ADDRESS:
            return True
        first = self.seen.setdefault((self.kind, row.key), row.line)
        if first != row.line:
            if self.kind == ImportKind.PERSON:
                field, message = "id_number", _("This ID number is already on line %(line)s.")
            elif self.kind == ImportKind.HOUSE:
                field, message = "address", _("This house is already on line %(line)s.")
            elif row.key[0] == "credit_code":
                field, message = "credit_code", _("This credit code is already on line %(line)s.")
            else:
                field, message = "name", _("This unit is already on line %(line)s.")
            self.problem(row.line, field, message % {"line": first})
            return False
        return True

    # --- checks against the database, and the write -----------------------------------------

    def _present(self, rows: list[Row]) -> tuple[list[Row], list[Row]]:
        """Rows whose record exists by ID number or credit code, and the others."""
        if self.kind == ImportKind.PERSON:
            known: set[Any] = set(self.writer.existing_persons(r.key for r in rows))
        elif self.kind == ImportKind.UNIT:
            codes = set(self.writer.existing_units(r.key[1] for r in rows if r.key[0] == "credit_code"))
            known = {r.key for r in rows if r.key[0] == "credit_code" and r.key[1] in codes}
        else:
            return [], rows
        return [r for r in rows if r.key in known], [r for r in rows if r.key not in known]

    def _place_grids(self, rows: list[Row]) -> list[Row]:
        """Give each row its grid: an existing address keeps its own; a new one takes the grid its
        point lies in, else the grid column. Rows with none, or outside scope, are bad."""
        points = [r for r in rows if r.point is not None]
        located: dict[int, int | None] = {}
        if points:
            found = spatial.locator().locate_many([r.point[0] for r in points], [r.point[1] for r in points])  # type: ignore[index]
            located = {id(r): g for r, g in zip(points, found, strict=True)}
        existing = self.writer.lookup_addresses((r.parsed.canonical, r.text) for r in rows if r.parsed)
        new: dict[str, int] = {}
        good = []
        for r in rows:
            canonical = r.parsed.canonical if r.parsed else ""
            grid: int | None
            if canonical in existing:
                grid = existing[canonical][1]
            elif canonical in new:
                grid = new[canonical]
            else:
                grid = located.get(id(r)) or r.grid_id
                if grid is None:
                    if r.point is not None:
                        self.problem(r.line, "location", _("No grid contains this point."))
                    else:
                        message = _("No grid: give coordinates inside the territory or the grid code.")
                        self.problem(r.line, "grid", message)
                    continue
            if grid not in self.allowed:
                self.problem(r.line, "grid", _("This place lies outside your scope."))
                continue
            if canonical and canonical not in existing:
                new.setdefault(canonical, grid)
            r.extra["grid"] = grid
            good.append(r)
        return good

    def _batch(self, rows: list[Row]) -> Batch:
        batch = Batch()
        for r in rows:
            grid = r.extra["grid"]
            canonical = ""
            if r.parsed is not None:
                p = r.parsed
                canonical = p.canonical
                parts = {c: getattr(p, c) or "" for c in ADDRESS_COMPONENTS}
                lon, lat = r.point if r.point else (None, None)
                batch.addresses.append(AddressIn(canonical, p.division_code, p.township_code or "", parts, grid,
                                                 lon, lat, r.text))  # fmt: skip
            if self.kind == ImportKind.PERSON:
                batch.persons.append(PersonIn(r.data, canonical, grid, r.extra.get("since"), r.extra["tenant"],
                                              r.columns))  # fmt: skip
            elif self.kind == ImportKind.HOUSE:
                batch.houses.append(HouseIn(canonical, r.data))
            elif self.kind == ImportKind.UNIT:
                batch.units.append(UnitIn(r.data, canonical, grid, r.columns))
        return batch

    def _flush(self, rows: list[Row], end: int) -> None:
        replay = end <= self.resume_after
        present, rows = self._present(rows)
        rows = self._place_grids(rows)
        self._preview(present + rows)
        if replay:
            return  # committed by an earlier run: its problems are reported again, nothing is written
        batch = self._batch(rows)
        created_of: Callable[[Outcome], list[bool]] = {
            "person": lambda o: o.persons,
            "house": lambda o: o.houses,
            "unit": lambda o: o.units,
            "address": lambda o: o.addresses,
        }[self.kind]
        totals: dict[str, Any] = {}

        def progress(outcome: Outcome) -> None:
            made = sum(created_of(outcome))
            written = dict(self.report.written)
            for name, n in outcome.created.items():
                written[name] = written.get(name, 0) + n
            totals.update(created=self.report.created + made,
                          present=self.report.present + len(present) + len(rows) - made, written=written)  # fmt: skip
            if self.job is not None:
                ImportJob.objects.filter(pk=self.job.pk).update(rows_done=end, counts=totals,
                                                                updated_at=timezone.now())  # fmt: skip
            if outcome.person_ids and not self.dry_run:
                # The new persons are matched against the registry in the background; the job
                # commits with the batch that wrote them.
                match_range_later(*outcome.person_ids)

        details = {"kind": self.kind, "rows": end, "present": len(present)}
        outcome = self.writer.write(batch, details=details, also=progress)
        if self.dry_run:
            progress(outcome)
        self.report.created, self.report.present = totals["created"], totals["present"]
        self.report.written = totals["written"]

    def _preview(self, rows: list[Row]) -> None:
        room = PREVIEW_ROWS - len(self.report.preview)
        for r in sorted(rows, key=lambda r: r.line)[: max(room, 0)]:
            shown: dict[str, Any] = {"line": r.line}
            if self.kind == ImportKind.PERSON:
                d = r.data
                shown.update(name=d["name"], name_pinyin=name_pinyin(d["name"]), sex=d.get("sex", ""),
                             birth_date=d.get("birth_date"), id_number=identity.mask_id_number(d["id_number"]),
                             phone=identity.mask_phone(d["phone"]) if d.get("phone") else "",
                             residence_type=d.get("residence_type", ""))  # fmt: skip
            elif self.kind == ImportKind.UNIT:
                d = dict(r.data)
                phone = d.pop("security_contact_phone", "")
                shown.update(d, security_contact_phone=identity.mask_phone(phone) if phone else "")
            else:
                shown.update(r.data)
            shown["address"] = r.parsed.canonical if r.parsed else ""
            grid = r.extra.get("grid")
            shown["grid"] = self.grid_codes.get(grid, "") if grid else ""
            self.report.preview.append(shown)


def default_workers() -> int:
    """Worker processes for the command line: one per spare core, at most four."""
    return max(0, min(4, (os.cpu_count() or 1) - 1))


def import_file(
    *,
    by: Any,
    kind: str,
    path: str | Path,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    workers: int = 0,
    file_name: str = "",
) -> ImportReport:
    """Import one CSV or xlsx file of `kind` (person, house, unit, address); see the module's text.
    `workers` > 0 checks rows in that many forked processes (the command line's default; a web
    worker, which runs threads, checks them in-process). Raises `ImportFileError` when the file
    cannot be imported at all. `file_name` is shown and recorded instead of the path's own name (an
    upload is kept under a random one)."""
    if kind not in ImportKind.values:
        raise ImportFileError(_("Unknown kind %(kind)s: choose person, house, unit or address.") % {"kind": kind})
    run = _Import(by=by, kind=kind, dry_run=dry_run, batch_size=max(1, batch_size), workers=workers)
    return run.run(Path(path), file_name)
