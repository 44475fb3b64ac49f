"""Recording incidents: the one write the file import, the dispatch feed and the demo all go through.

`record_incidents` checks every row (`cleaning.clean_row`), matches its place to a standard
address of the registry (by standard text, then by alias; the house at that address too) and so
to a grid, else its coordinates to a grid (point in polygon), and stores the good rows in one
transaction with one audit event: a failure half-way leaves nothing written.

- Idempotent on the incident number: a number already stored is "present" and left as it is, so a
  re-run adds nothing. A number repeated within the rows is a bad row (the two may disagree).
- Bad rows are reported by line (`line` in the row, else its position from 1) and field, in the
  active language; the good rows are stored, unless `all_or_nothing` (the feed's batches), when
  one bad row stores nothing.
- A row whose place matches no standard address and has no coordinates inside a grid is stored
  without a grid ("unmatched"), counted in the result. A user (the feed's account, a page) may
  only record incidents in grids of their scope; the command line (`by=None`) is trusted.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.core.access import has_permission, scope_grants, under_any
from jingwang.core.errors import Conflict, Forbidden, ServiceError
from jingwang.core.types import Actor
from jingwang.incidents.cleaning import Categories, Cleaned, clean_row
from jingwang.incidents.followups.services import return_visits_for_numbers
from jingwang.incidents.models import Incident, Source
from jingwang.incidents.tallies import add_to_tallies, keys_of
from jingwang.registry.imports.bulk import allocate_ids, insert_rows
from jingwang.registry.models import Address, AddressAlias, House
from jingwang.territory import spatial
from jingwang.territory.models import Node, NodeKind

LOOKUP_CHUNK = 500
WRITE_CHUNK = 5000


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong with one row: its line, the field, a message in the active language."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


@dataclass
class RecordResult:
    """What `record_incidents` did (or, on a dry run, would do). `created + present + bad == rows`."""

    rows: int = 0
    created: int = 0
    present: int = 0
    bad: int = 0
    unmatched: int = 0  # created without a grid
    dry_run: bool = False
    problems: list[RowProblem] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)  # the numbers created, in row order
    ignored_columns: list[str] = field(default_factory=list)  # a file's columns that name no field


def _chunks(values: Iterable[str], size: int = LOOKUP_CHUNK) -> Iterator[list[str]]:
    it = iter(values)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _existing_numbers(numbers: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(sorted(set(numbers))):
        found.update(Incident.objects.filter(number__in=chunk).values_list("number", flat=True))
    return found


@dataclass(frozen=True)
class _Place:
    address_id: int
    grid_id: int
    house_id: int | None


def _places(cleaned: Sequence[Cleaned]) -> dict[str, _Place]:
    """Place text → its standard address, grid and house, for every place that matches one."""
    by_canonical: dict[str, tuple[int, int]] = {}
    canonicals = {c.canonical for c in cleaned if c.canonical}
    for chunk in _chunks(canonicals):
        for canonical, pk, grid_id in Address.objects.filter(canonical__in=chunk, is_active=True).values_list(
            "canonical", "id", "grid_id"
        ):
            by_canonical[canonical] = (pk, grid_id)
    by_alias: dict[str, tuple[int, int]] = {}
    unmatched_texts = {c.place for c in cleaned if c.place and c.canonical not in by_canonical}
    for chunk in _chunks(unmatched_texts):
        for text, pk, grid_id in AddressAlias.objects.filter(text__in=chunk, address__is_active=True).values_list(
            "text", "address_id", "address__grid_id"
        ):
            by_alias[text] = (pk, grid_id)
    address_ids = {pk for pk, _g in (*by_canonical.values(), *by_alias.values())}
    houses: dict[int, int] = {}
    for id_chunk in _id_chunks(address_ids):
        houses.update(House.objects.filter(address_id__in=id_chunk, is_active=True).values_list("address_id", "id"))
    out: dict[str, _Place] = {}
    for c in cleaned:
        if not c.place or c.place in out:
            continue
        hit = by_canonical.get(c.canonical) if c.canonical else None
        hit = hit or by_alias.get(c.place)
        if hit is not None:
            out[c.place] = _Place(hit[0], hit[1], houses.get(hit[0]))
    return out


def _id_chunks(ids: Iterable[int], size: int = LOOKUP_CHUNK) -> Iterator[list[int]]:
    it = iter(sorted(ids))
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _grids_in_scope(by: Actor) -> set[int]:
    held = scope_grants(by, Incident, "add")
    if not held:
        return set()
    paths = sorted({g.path for g in held})
    grids = Node.objects.filter(kind=NodeKind.GRID).filter(under_any("path", "police_path", paths))
    return set(grids.values_list("id", flat=True))


CHUNK_ROWS = 20_000  # rows checked and written at a time (memory), all in one transaction


class _Refused(Exception):
    """A bad row in an all-or-nothing batch: undo what earlier chunks wrote."""


def record_incidents(
    rows: Iterable[Mapping[str, object]],
    *,
    by: Actor | None,
    source: str = Source.IMPORT,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    file_name: str = "",
) -> RecordResult:
    """Check, match and store incidents; see the module's docstring."""
    if source not in Source.values:
        raise ServiceError("invalid", _("Unknown source of incidents."))
    if by is not None and not has_permission(by, Incident, "add"):
        raise Forbidden(_("You may not record incidents."))
    for attempt in (1, 2):
        try:
            return _record(
                rows, by=by, source=source, dry_run=dry_run, all_or_nothing=all_or_nothing, file_name=file_name
            )
        except (IntegrityError, _driver_integrity_error()):
            # Another writer stored one of these numbers between our look-up and our insert (two
            # feeds sending the same incident at once). Everything of ours was rolled back; rows
            # we hold in full are checked again, and are now present.
            if attempt == 2 or not isinstance(rows, Sequence):
                raise Conflict(
                    "conflict",
                    _("Some of these incidents were recorded by another import at the same time: run it again."),
                ) from None
    raise AssertionError("unreachable")


def _driver_integrity_error() -> type[Exception]:
    """The driver's own IntegrityError: `insert_rows` writes through the raw cursor (COPY, executemany)."""
    database: object = getattr(connection, "Database", None)
    error = getattr(database, "IntegrityError", IntegrityError)
    return error if isinstance(error, type) and issubclass(error, Exception) else IntegrityError


def _record(
    rows: Iterable[Mapping[str, object]],
    *,
    by: Actor | None,
    source: str,
    dry_run: bool,
    all_or_nothing: bool,
    file_name: str,
) -> RecordResult:
    recorder = _Recorder(by=by, source=source, dry_run=dry_run)
    result = recorder.result
    it = iter(rows)
    try:
        with transaction.atomic():
            position = 0
            while chunk := list(itertools.islice(it, CHUNK_ROWS)):
                recorder.chunk(chunk, position)
                position += len(chunk)
                if all_or_nothing and result.bad:
                    raise _Refused
            if recorder.ids and not dry_run:
                recorder.audit(file_name)
            if result.numbers and not dry_run:
                return_visits_for_numbers(numbers=result.numbers)  # the return visits (followups)
    except _Refused:
        result.created, result.unmatched, result.numbers = 0, 0, []
        for _rest in it:  # count the remaining rows for the report, check nothing more
            result.rows += 1
    return result


class _Recorder:
    """The state of one call of `record_incidents` across its chunks."""

    def __init__(self, *, by: Actor | None, source: str, dry_run: bool) -> None:
        self.by, self.source, self.dry_run = by, source, dry_run
        self.now = timezone.now()
        self.categories = Categories()
        self.allowed = _grids_in_scope(by) if by is not None else None
        self.result = RecordResult(dry_run=dry_run)
        self.first_line: dict[str, int] = {}
        self.ids: list[int] = []

    def chunk(self, rows: list[Mapping[str, object]], position: int) -> None:
        result = self.result
        lines: list[int] = []
        checked: list[Cleaned] = []
        for offset, row in enumerate(rows, start=position + 1):
            line = row.get("line")
            lines.append(line if isinstance(line, int) else offset)
            checked.append(clean_row(row, self.categories, self.now))
        result.rows += len(checked)
        for line, c in zip(lines, checked, strict=True):
            number = str(c.columns["number"])
            if c.problems:
                continue
            if number in self.first_line:
                message = _("The same incident number is on line %(line)s.") % {"line": self.first_line[number]}
                c.problems.append(("number", message))
            else:
                self.first_line[number] = line
        present = _existing_numbers(str(c.columns["number"]) for c in checked if not c.problems)
        places = _places([c for c in checked if not c.problems])
        located = self.locate(checked, places)
        good: list[dict[str, object]] = []
        for i, (line, c) in enumerate(zip(lines, checked, strict=True)):
            if not c.problems and str(c.columns["number"]) in present:
                result.present += 1
                continue
            place = places.get(c.place) if c.place else None
            grid_id = place.grid_id if place else located.get(i)
            if not c.problems and self.allowed is not None and grid_id is not None and grid_id not in self.allowed:
                c.problems.append(("place", _("The place lies outside your area.")))
            if c.problems:
                result.bad += 1
                result.problems.extend(RowProblem(line, f, m) for f, m in c.problems)
                continue
            columns = c.columns
            columns["address_id"] = place.address_id if place else None
            columns["house_id"] = place.house_id if place else None
            columns["grid_id"] = grid_id
            if grid_id is None:
                result.unmatched += 1
            good.append(columns)
        result.numbers.extend(str(g["number"]) for g in good)
        result.created += len(good)
        if good and not self.dry_run:
            self.store(good)

    def locate(self, checked: list[Cleaned], places: Mapping[str, _Place]) -> dict[int, int | None]:
        """Row index → the grid its coordinates lie in, for rows whose place matched no address."""
        todo = [
            i
            for i, c in enumerate(checked)
            if not c.problems and c.place not in places and c.columns["lon"] is not None
        ]
        if not todo:
            return {}
        lons = [_float(checked[i].columns["lon"]) for i in todo]
        lats = [_float(checked[i].columns["lat"]) for i in todo]
        return dict(zip(todo, spatial.locator().locate_many(lons, lats), strict=True))

    def store(self, good: list[dict[str, object]]) -> None:
        by_id = self.by.pk if self.by is not None else None
        ids = allocate_ids(Incident, len(good))
        self.ids.extend((ids[0], ids[-1]))
        for start in range(0, len(good), WRITE_CHUNK):
            rows = []
            for pk, columns in zip(ids[start : start + WRITE_CHUNK], good[start : start + WRITE_CHUNK], strict=True):
                columns.update(id=pk, source=self.source, created_at=self.now, created_by_id=by_id)
                rows.append(_row(columns))
            insert_rows(Incident, rows)
        # The figures' tally, in the same transaction (a failure later undoes both).
        add_to_tallies(keys_of(_tally_row(g) for g in good))

    def audit(self, file_name: str) -> None:
        """One event for the whole call, in its transaction (every row carries created_by/at)."""
        r = self.result
        audit_record(
            action="incidents.incident.record",
            actor=self.by,
            object_type="incidents.incident",
            result_count=r.created,
            details={
                "source": self.source,
                "file": file_name[:200],
                "rows": r.rows,
                "created": r.created,
                "present": r.present,
                "bad": r.bad,
                "unmatched": r.unmatched,
                "first_id": min(self.ids),
                "last_id": max(self.ids),
            },
        )


def _tally_row(columns: Mapping[str, object]) -> tuple[int | None, datetime, int]:
    grid, at, category = columns["grid_id"], columns["occurred_at"], columns["category_id"]
    if not isinstance(at, datetime) or not isinstance(category, int):
        raise AssertionError("a stored row without its time or category")
    return (grid if isinstance(grid, int) else None), at, category


def _float(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


_DEFAULTS: dict[str, object] = {f.attname: f.get_default() for f in Incident._meta.concrete_fields}
_ATTNAMES = [f.attname for f in Incident._meta.concrete_fields]


def _row(columns: Mapping[str, object]) -> tuple[object, ...]:
    return tuple(columns[a] if a in columns else _DEFAULTS[a] for a in _ATTNAMES)
