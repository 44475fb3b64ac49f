"""Fast bulk writes to the registry, shared by the import (`imports.py`) and the synthetic seed.

Rows arrive validated (`clean_person`, `clean_unit`, `clean_house` output) and are stored exactly
as the services store them: `person_columns` and `unit_columns` encrypt, blind-index and mask the
identifiers and add the pinyin key. A batch is written in one transaction, addresses first, then
persons, houses, residences, household relations and units, with COPY on PostgreSQL and
`executemany` on SQLite. Primary keys are taken up front (from the table's sequence on
PostgreSQL; above the largest ever used on SQLite, whose single write lock the IMMEDIATE
transaction already holds), so a batch links its rows without reading them back.

Natural keys decide what exists already; such a row is "present" and left as it is:
address = canonical text (or an alias spelling of it); house = its address; person = ID number
(blind index, active persons); unit = credit code among active units, else name + address.

Audit: one event per committed batch (the writer's `action`, the job's id, the counts and the
range of person ids written), in the batch's transaction, instead of one event per row. A row-by-row
trail would write a million audit events for a million-row import, doubling its cost, while
saying no more than "this job created these rows": every row written carries `created_by` and
`created_at`, and the batch event names the job, which names the file (by hash) and who ran it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from jingwang.audit.services import audit_record
from jingwang.core.types import Actor
from jingwang.registry.identifiers import id_index
from jingwang.registry.models import Address, AddressAlias, House, HouseholdRelation, Person, Residence, Unit
from jingwang.registry.services.persons import person_columns
from jingwang.registry.services.places import ADDRESS_COMPONENTS, unit_columns

LOOKUP_CHUNK = 2000


# --- what goes in ---------------------------------------------------------------------------------


@dataclass(slots=True)
class AddressIn:
    """A standard address as `parse_address` gives it. `grid_id` None: only an existing one is meant."""

    canonical: str
    division_code: str
    township_code: str
    parts: dict[str, str]
    grid_id: int | None
    lon: float | None = None
    lat: float | None = None
    text: str = ""  # as written; kept as an alias when it differs from the canonical text


@dataclass(slots=True)
class HouseIn:
    address: str  # canonical text of an address of the batch (or an existing one)
    fields: dict[str, Any] = field(default_factory=dict)
    owner: str = ""  # ID numbers of persons of the same batch or already registered
    landlord: str = ""


@dataclass(slots=True)
class PersonIn:
    clean: dict[str, Any]  # `clean_person` output; must hold the ID number
    address: str = ""  # canonical text of the house they live at
    grid_id: int | None = None  # their grid when they have no address
    since: date | None = None
    tenant: bool = False
    columns: dict[str, Any] | None = None  # `person_columns(clean)`, when the caller has it already


@dataclass(slots=True)
class RelationIn:
    person: str  # ID numbers: `relative` is `person`'s <relation>
    relative: str
    relation: str


@dataclass(slots=True)
class UnitIn:
    clean: dict[str, Any]  # `clean_unit` output
    address: str = ""
    grid_id: int | None = None
    columns: dict[str, Any] | None = None  # `unit_columns(clean)`, when the caller has it already


@dataclass
class Batch:
    addresses: list[AddressIn] = field(default_factory=list)
    houses: list[HouseIn] = field(default_factory=list)
    persons: list[PersonIn] = field(default_factory=list)
    relations: list[RelationIn] = field(default_factory=list)
    units: list[UnitIn] = field(default_factory=list)


@dataclass
class Outcome:
    """For each input of each kind, True when it was created and False when it was present;
    `created` counts every row written by kind (houses made for residents included)."""

    addresses: list[bool] = field(default_factory=list)
    houses: list[bool] = field(default_factory=list)
    persons: list[bool] = field(default_factory=list)
    units: list[bool] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    person_ids: tuple[int, int] | None = None

    def add(self, kind: str, n: int) -> None:
        self.created[kind] = self.created.get(kind, 0) + n


# --- tables ---------------------------------------------------------------------------------------


class _Table:
    """A model's concrete columns in order, its defaults, and how values are bound on SQLite."""

    def __init__(self, model: type[models.Model]) -> None:
        self.name = model._meta.db_table
        fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in fields]
        self.columns = [f.column for f in fields]
        self.defaults = {f.attname: (None if f.primary_key else f.get_default()) for f in fields}
        self.datetimes = [i for i, f in enumerate(fields) if isinstance(f, models.DateTimeField)]
        # Columns the model derives from others when it saves (e.g. a record's local half-day,
        # jingwang.core.halfdays): the model fills them in, as `save()` would.
        self.stored_values: Callable[[dict[str, Any]], dict[str, Any]] | None = getattr(model, "stored_values", None)

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        if self.stored_values is not None:
            values = self.stored_values(values)
        defaults = self.defaults
        return tuple(values[a] if a in values else defaults[a] for a in self.attnames)


_TABLES: dict[type[models.Model], _Table] = {}


def _table(model: type[models.Model]) -> _Table:
    if model not in _TABLES:
        _TABLES[model] = _Table(model)
    return _TABLES[model]


def model_row(model: type[models.Model], values: dict[str, Any]) -> tuple[Any, ...]:
    """One row for `insert_rows`: every concrete column in the model's order, defaults filled in
    (and the columns the model derives on save, through its `stored_values`)."""
    return _table(model).row(values)


def insert_rows(model: type[models.Model], rows: Sequence[tuple[Any, ...]], *, table_name: str = "") -> None:
    """Write full rows (every concrete column, in model order) into the model's table (or another
    with the same columns): COPY or executemany."""
    if not rows:
        return
    table = _table(model)
    target = table_name or table.name
    names = ", ".join(connection.ops.quote_name(c) for c in table.columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(target)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        if table.datetimes:
            # Aware datetimes are stored as naive UTC text (the ORM's form); the batch's rows
            # share their timestamps, so each distinct value is converted once.
            at, seen = table.datetimes, {}
            fixed: list[list[Any]] = []
            for row in rows:
                values = list(row)
                for i in at:
                    v = values[i]
                    if isinstance(v, datetime):
                        if v not in seen:
                            seen[v] = connection.ops.adapt_datetimefield_value(v)
                        values[i] = seen[v]
                fixed.append(values)
            rows = fixed  # type: ignore[assignment]
        marks = ", ".join("?" * len(table.columns))
        cursor.cursor.executemany(f'INSERT INTO "{target}" ({names}) VALUES ({marks})', rows)


_SEQUENCES: dict[str, str] = {}  # table -> its id sequence (PostgreSQL)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for rows written in the current transaction."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if table not in _SEQUENCES:
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
                _SEQUENCES[table] = cursor.fetchone()[0]
            cursor.execute(
                "SELECT array_agg(nextval(%s::regclass) ORDER BY n) FROM generate_series(1, %s) n",
                [_SEQUENCES[table], count],
            )
            return list(cursor.fetchone()[0])
        # AUTOINCREMENT tables: above both the largest id present and the largest ever handed out.
        cursor.execute(f'SELECT max(id) FROM "{table}"')
        top = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        start = max(top, seq[0] if seq else 0) + 1
    return list(range(start, start + count))


def _chunks(values: Iterable[Any], size: int = LOOKUP_CHUNK) -> Iterable[list[Any]]:
    it = iter(values)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def select_in(sql: str, values: Iterable[Any], extra: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Run `sql` over `values`: its `{in}` stands for `IN (…)` (SQLite, in chunks) or `= ANY(…)`
    with one array parameter (PostgreSQL, whose client would otherwise parse thousands of
    placeholders per query). Integer values compare as bigint, others as text."""
    values = list(values)
    if not values:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            kind = "bigint" if isinstance(values[0], int) else "text"
            cursor.execute(sql.format(**{"in": f"= ANY(%s::{kind}[])"}), [values, *extra])
            return cursor.fetchall()
        out: list[tuple[Any, ...]] = []
        for chunk in _chunks(values):
            cursor.execute(sql.format(**{"in": f"IN ({', '.join(['%s'] * len(chunk))})"}), [*chunk, *extra])
            out.extend(cursor.fetchall())
        return out


# --- the writer -----------------------------------------------------------------------------------


class BulkWriter:
    """Writes batches; remembers the addresses and houses it has seen, so that later batches (and
    a dry run, which writes nothing and hands out placeholder ids) find them without a query."""

    def __init__(self, *, by: Actor | None = None, action: str, object_type: str = "", object_id: str = "",
                 dry_run: bool = False) -> None:  # fmt: skip
        self.by = by
        self.by_id = by.pk if by is not None else None
        self.action, self.object_type, self.object_id = action, object_type, object_id
        self.dry_run = dry_run
        self.addresses: dict[str, tuple[int, int]] = {}  # canonical -> (id, grid id)
        self.houses: dict[int, tuple[int, int]] = {}  # address id -> (house id, grid id)
        self._asked: tuple[set[str], dict[str, int]] = (set(), {})
        self.made: set[int] = set()  # ids of the addresses this writer created
        self._fake = 0

    # Look-ups (read only) ------------------------------------------------------------------------

    def lookup_addresses(self, wanted: Iterable[tuple[str, str]]) -> dict[str, tuple[int, int]]:
        """(canonical, text as written) → (address id, grid id) for those that exist: by canonical
        text, else by an alias equal to the text (as `address_resolve` finds them)."""
        wanted = list(wanted)
        missing = {c for c, _ in wanted if c not in self.addresses}
        if missing:
            table = Address._meta.db_table
            for pk, canonical, grid in select_in(
                f"SELECT id, canonical, grid_id FROM {table} WHERE canonical {{in}}", sorted(missing)
            ):
                self.addresses[canonical] = (pk, grid)
            texts = {t: c for c, t in wanted if c not in self.addresses and t and t != c}
            if texts:
                alias, address = AddressAlias._meta.db_table, Address._meta.db_table
                for text, pk, grid in select_in(
                    f"SELECT a.text, d.id, d.grid_id FROM {alias} a JOIN {address} d ON d.id = a.address_id "
                    f"WHERE a.text {{in}}",
                    sorted(texts),
                ):
                    self.addresses[texts[text]] = (pk, grid)
        return {c: self.addresses[c] for c, _ in wanted if c in self.addresses}

    def existing_persons(self, id_numbers: Iterable[str]) -> dict[str, int]:
        """ID number → id of the active person registered under it. The answer is kept for the
        next batch written, which then does not ask again (the import asks just before writing)."""
        by_index = {id_index(n): n for n in id_numbers}
        rows = select_in(
            f"SELECT id_number_index, id FROM {Person._meta.db_table} "
            f"WHERE id_number_index {{in}} AND is_active = %s ORDER BY id DESC",
            list(by_index),
            [True],
        )
        found = {by_index[index]: pk for index, pk in rows}
        self._asked = (set(by_index.values()), found)
        return found

    def existing_units(self, credit_codes: Iterable[str]) -> dict[str, int]:
        rows = select_in(
            f"SELECT credit_code, id FROM {Unit._meta.db_table} WHERE credit_code {{in}} AND is_active = %s",
            sorted(set(credit_codes)),
            [True],
        )
        return {code: pk for code, pk in rows}

    # Writing ---------------------------------------------------------------------------------

    def write(
        self, batch: Batch, *, details: dict[str, Any] | None = None, also: Callable[[Outcome], None] | None = None
    ) -> Outcome:
        """Write one batch in one transaction with one audit event; `also` runs inside it (the
        import records its progress there, so progress and rows commit together)."""
        saved = (dict(self.addresses), dict(self.houses), set(self.made))
        try:
            if self.dry_run:
                return self._write(batch)
            with transaction.atomic():
                outcome = self._write(batch)
                if also is not None:
                    also(outcome)
                audit_record(
                    action=self.action,
                    actor=self.by,
                    object_type=self.object_type,
                    object_id=self.object_id,
                    details={**(details or {}), "created": outcome.created, "person_ids": outcome.person_ids},
                )
            return outcome
        except BaseException:
            # Ids handed out in a rolled-back transaction name nothing.
            self.addresses, self.houses, self.made = saved
            raise

    def _ids(self, model: type[models.Model], count: int) -> list[int]:
        if self.dry_run:
            start = self._fake
            self._fake -= count
            return list(range(start - 1, start - 1 - count, -1))
        return allocate_ids(model, count)

    def _insert(self, model: type[models.Model], rows: list[tuple[Any, ...]]) -> None:
        if not self.dry_run:
            insert_rows(model, rows)

    def _write(self, batch: Batch) -> Outcome:
        out = Outcome()
        now = timezone.now()
        base = {"created_at": now, "updated_at": now, "created_by_id": self.by_id}
        self._write_addresses(batch.addresses, base, out)
        person_ids, created = self._write_persons(batch.persons, base, out)
        houses = self._write_houses(batch, person_ids, base, out)
        self._write_residences(batch.persons, person_ids, houses, out)
        self._write_relations(batch.relations, person_ids, created, out)
        self._write_units(batch.units, base, out)
        return out

    def _write_addresses(self, items: list[AddressIn], base: dict[str, Any], out: Outcome) -> None:
        self.lookup_addresses((a.canonical, a.text) for a in items)
        new: dict[str, AddressIn] = {}
        for a in items:
            fresh = a.canonical not in self.addresses and a.canonical not in new
            if fresh:
                if a.grid_id is None:
                    raise ValueError(f"address {a.canonical!r} is new but has no grid")
                new[a.canonical] = a
            out.addresses.append(fresh)
        table = _table(Address)
        rows, aliases = [], {}
        for pk, a in zip(self._ids(Address, len(new)), new.values(), strict=True):
            grid_id = a.grid_id or 0
            values = {"id": pk, "grid_id": grid_id, "division_code": a.division_code,
                      "township_code": a.township_code, "canonical": a.canonical, "lon": a.lon, "lat": a.lat,
                      **base, **{c: a.parts.get(c) or "" for c in ADDRESS_COMPONENTS}}  # fmt: skip
            rows.append(table.row(values))
            self.addresses[a.canonical] = (pk, grid_id)
            self.made.add(pk)
        for a in items:
            text = a.text[:300]
            if a.canonical in new and text and text != a.canonical and text not in aliases:
                aliases[text] = self.addresses[a.canonical][0]
        self._insert(Address, rows)
        alias_table = _table(AddressAlias)
        alias_ids = self._ids(AddressAlias, len(aliases))
        self._insert(AddressAlias, [alias_table.row({"id": i, "address_id": a, "text": t})
                                    for i, (t, a) in zip(alias_ids, aliases.items(), strict=True)])  # fmt: skip
        out.add("addresses", len(rows))
        out.add("aliases", len(aliases))

    def _write_persons(
        self, items: list[PersonIn], base: dict[str, Any], out: Outcome
    ) -> tuple[dict[str, int], set[str]]:
        """ID number → id for every person of the batch (created or present), and the ID numbers of
        those created."""
        numbers = [p.clean["id_number"] for p in items]
        asked, self._asked = self._asked, (set(), {})
        wanted = set(numbers)
        if wanted <= asked[0]:
            known = {n: pk for n, pk in asked[1].items() if n in wanted}
        else:
            known = self.existing_persons(numbers)
        table = _table(Person)
        new: dict[str, PersonIn] = {}
        for p in items:
            new.setdefault(p.clean["id_number"], p)  # the same person twice in one batch: written once
        for number in known:
            new.pop(number, None)
        rows = []
        created: dict[str, int] = {}
        for pk, (number, p) in zip(self._ids(Person, len(new)), new.items(), strict=True):
            grid_id = self.addresses[p.address][1] if p.address else p.grid_id
            created[number] = pk
            columns = p.columns if p.columns is not None else person_columns(p.clean)
            rows.append(table.row({"id": pk, "grid_id": grid_id, **base, **columns}))
        self._insert(Person, rows)
        seen: set[str] = set()
        for number in numbers:
            out.persons.append(number in created and number not in seen)
            seen.add(number)
        out.add("persons", len(rows))
        if created:
            out.person_ids = (min(created.values()), max(created.values()))
        return {**known, **created}, set(created)

    def _lookup_houses(self, address_ids: Iterable[int]) -> None:
        # Addresses written by this writer had no house before it made one (and remembered it).
        missing = sorted({a for a in address_ids if a > 0 and a not in self.houses and a not in self.made})
        for pk, address_id, grid in select_in(
            f"SELECT id, address_id, grid_id FROM {House._meta.db_table} WHERE address_id {{in}}", missing
        ):
            self.houses[address_id] = (pk, grid)

    def _write_houses(
        self, batch: Batch, persons: dict[str, int], base: dict[str, Any], out: Outcome
    ) -> dict[int, int]:
        """Houses asked for, and one at every address a new resident lives at (as
        `house_for_address` makes it). Returns address id → house id."""
        wanted: dict[int, HouseIn] = {}
        explicit = [self.addresses[h.address][0] for h in batch.houses]
        for address_id, h in zip(explicit, batch.houses, strict=True):
            wanted.setdefault(address_id, h)
        for p in batch.persons:
            if p.address:
                wanted.setdefault(self.addresses[p.address][0], HouseIn(p.address))
        self._lookup_houses(wanted)
        new = {a: h for a, h in wanted.items() if a not in self.houses}
        table = _table(House)
        rows = []
        for pk, (address_id, h) in zip(self._ids(House, len(new)), new.items(), strict=True):
            grid_id = self.addresses[h.address][1]
            values = {"id": pk, "grid_id": grid_id, "address_id": address_id, **base, **h.fields}
            if h.owner:
                values["owner_id"] = persons.get(h.owner)
            if h.landlord:
                values["landlord_id"] = persons.get(h.landlord)
            rows.append(table.row(values))
            self.houses[address_id] = (pk, grid_id)
        self._insert(House, rows)
        fresh = set(new)
        for address_id in explicit:
            out.houses.append(address_id in fresh)
            fresh.discard(address_id)
        out.add("houses", len(rows))
        return {a: self.houses[a][0] for a in wanted}

    def _write_residences(
        self, items: list[PersonIn], persons: dict[str, int], houses: dict[int, int], out: Outcome
    ) -> None:
        today = timezone.localdate()
        table = _table(Residence)
        pairs = []
        for p, created in zip(items, out.persons, strict=True):
            if created and p.address:
                house = houses[self.addresses[p.address][0]]
                pairs.append((persons[p.clean["id_number"]], house, p.since or today, p.tenant))
        ids = self._ids(Residence, len(pairs))
        rows = [
            table.row({"id": i, "person_id": person, "house_id": house, "since": since, "is_tenant": tenant})
            for i, (person, house, since, tenant) in zip(ids, pairs, strict=True)
        ]
        self._insert(Residence, rows)
        out.add("residences", len(rows))

    def _write_relations(
        self, items: list[RelationIn], persons: dict[str, int], created: set[str], out: Outcome
    ) -> None:
        """Only between persons created in this batch: present ones keep the relations they have."""
        pairs = [
            (persons[r.person], persons[r.relative], r.relation)
            for r in items
            if r.person in created and r.relative in created
        ]
        table = _table(HouseholdRelation)
        ids = self._ids(HouseholdRelation, len(pairs))
        rows = [
            table.row({"id": i, "person_id": a, "relative_id": b, "relation": rel})
            for i, (a, b, rel) in zip(ids, pairs, strict=True)
        ]
        self._insert(HouseholdRelation, rows)
        out.add("relations", len(rows))

    def _write_units(self, items: list[UnitIn], base: dict[str, Any], out: Outcome) -> None:
        by_code = self.existing_units(u.clean["credit_code"] for u in items if u.clean.get("credit_code"))
        address_ids = {self.addresses[u.address][0] for u in items if u.address}
        by_place: set[tuple[str, int]] = set()
        if address_ids:
            by_place = {
                (name, address)
                for name, address in select_in(
                    f"SELECT name, address_id FROM {Unit._meta.db_table} WHERE address_id {{in}} AND is_active = %s",
                    sorted(a for a in address_ids if a > 0 and a not in self.made),
                    [True],
                )
            }
        new: list[tuple[UnitIn, int | None]] = []
        for u in items:
            code = u.clean.get("credit_code") or ""
            address_id = self.addresses[u.address][0] if u.address else None
            if code:
                fresh = code not in by_code
                by_code.setdefault(code, 0)
            else:
                place = (u.clean.get("name", ""), address_id or 0)
                fresh = address_id is not None and place not in by_place
                by_place.add(place)
            out.units.append(fresh)
            if fresh:
                new.append((u, address_id))
        table = _table(Unit)
        rows = []
        for pk, (u, address_id) in zip(self._ids(Unit, len(new)), new, strict=True):
            grid_id = self.addresses[u.address][1] if u.address else u.grid_id
            columns = u.columns if u.columns is not None else unit_columns(u.clean)
            rows.append(table.row({"id": pk, "grid_id": grid_id, "address_id": address_id, **base, **columns}))
        self._insert(Unit, rows)
        out.add("units", len(rows))
