"""The hot path of a check: candidate ID numbers, and two indexed look-ups written as SQL once.

A check runs on every tap of the field page, so its reads are hand-written (table and column names
from the models, composed once per database): one query for registered persons (with their grid,
station and current address), one for watch-list entries in force. No ORM building or compiling
per call, no N+1.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection

from jingwang.core.identity import EARLIEST_BIRTH, clean_id_number, id_check_character
from jingwang.core.sql import fetch_pipelined, fetch_prepared
from jingwang.registry.identifiers import id_index
from jingwang.registry.models import Address, House, Person, Residence
from jingwang.territory.models import Node
from jingwang.verification.models import WatchEntry, WatchList

MAX_ROWS = 50
_DIGITS = "0123456789"


def typo_variants(number: str, *, today: date | None = None) -> list[str]:
    """ID numbers one substitution or one transposition (of any two characters) away from `number`
    that pass the GB 11643 check digit and carry a real birth date. `number` is 18 characters.

    Substituting one body digit changes the weighted sum by a multiple of a weight that is
    invertible mod 11, so at most one digit per position fits: about 18 substitutions, plus the
    transpositions that happen to pass (about 1 in 11 of 153)."""
    n = clean_id_number(number).upper()
    if len(n) != 18 or not n[:17].isdigit() or n[17] not in "0123456789X":
        return []
    body, check = n[:17], n[17]
    found: set[str] = {body + id_check_character(body)}  # the check character itself mistyped
    for i in range(17):
        for d in _DIGITS:
            if d != body[i]:
                candidate = body[:i] + d + body[i + 1 :]
                if id_check_character(candidate) == check:
                    found.add(candidate + check)
    chars = list(n)
    for i in range(18):
        for j in range(i + 1, 18):
            if chars[i] == chars[j]:
                continue
            swapped = chars.copy()
            swapped[i], swapped[j] = swapped[j], swapped[i]
            candidate = "".join(swapped)
            if "X" not in candidate[:17] and id_check_character(candidate[:17]) == candidate[17]:
                found.add(candidate)
    found.discard(n)
    last = today or date.today()
    return sorted(c for c in found if _real_birth(c, last))


def _real_birth(number: str, today: date) -> bool:
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return EARLIEST_BIRTH <= born <= today


# --- SQL ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    name: str
    sex: str
    birth_date: date | None
    id_number_masked: str
    id_number_index: str
    phone_masked: str
    residence_type: str
    grid_id: int
    grid_code: str
    grid_name: str
    grid_path: str
    grid_police_path: str | None
    station_code: str | None
    station_name: str | None
    address: str | None


@dataclass(frozen=True, slots=True)
class EntryRow:
    id: int
    person_id: int | None
    name: str
    birth_date: date | None
    id_number_masked: str
    id_number_index: str
    instruction: str
    sensitive_details: str
    watchlist_id: int
    watchlist_name: str
    category: str
    owner_id: int


def _t(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def _in(count: int, kind: str = "text") -> str:
    """`= ANY(%s)` with one array parameter on PostgreSQL; `IN (%s, …)` on SQLite."""
    if connection.vendor == "postgresql":
        return f"= ANY(%s::{kind}[])"
    return f"IN ({', '.join(['%s'] * max(count, 1))})"


def _args(values: list[Any]) -> list[Any]:
    if connection.vendor == "postgresql":
        return [values]
    return values or [None]


@functools.cache
def _person_select(vendor: str) -> str:
    return (
        "SELECT p.id, p.name, p.sex, p.birth_date, p.id_number_masked, p.id_number_index, p.phone_masked, "
        "p.residence_type, g.id, g.code, g.name, g.path, g.police_path, st.code, st.name, a.canonical "
        f"FROM {_t(Person)} p JOIN {_t(Node)} g ON g.id = p.grid_id "
        f"LEFT JOIN {_t(Node)} d ON d.id = g.police_district_id "
        f"LEFT JOIN {_t(Node)} st ON st.id = d.parent_id "
        f"LEFT JOIN {_t(Residence)} r ON r.person_id = p.id AND r.until IS NULL "
        f"LEFT JOIN {_t(House)} h ON h.id = r.house_id "
        f"LEFT JOIN {_t(Address)} a ON a.id = h.address_id "
        "WHERE p.is_active = %s AND "
    )


@functools.cache
def _entry_select(vendor: str) -> str:
    return (
        "SELECT e.id, e.person_id, e.name, e.birth_date, e.id_number_masked, e.id_number_index, e.instruction, "
        "e.sensitive_details, w.id, w.name, w.category, w.owner_id "
        f"FROM {_t(WatchEntry)} e JOIN {_t(WatchList)} w ON w.id = e.watchlist_id "
        "WHERE e.is_active = %s AND w.is_active = %s AND e.review_date > %s AND "
    )


_fetch = fetch_prepared


def _persons(where: str, params: list[Any]) -> list[PersonRow]:
    sql = _person_select(connection.vendor) + where + f" ORDER BY p.id LIMIT {MAX_ROWS}"
    rows = _fetch(sql, [True, *params])
    seen: dict[int, PersonRow] = {}
    for row in rows:
        if row[0] not in seen:  # a person with two open residences comes back twice
            seen[row[0]] = PersonRow(*row)
    return list(seen.values())


def persons_by_indexes(indexes: list[str]) -> list[PersonRow]:
    return _persons(f"p.id_number_index {_in(len(indexes))}", _args(indexes))


def persons_by_name_birth(name: str, birth: date) -> list[PersonRow]:
    return _persons("p.name = %s AND p.birth_date = %s", [name, birth])


def entries_in_force(
    *, today: date, indexes: list[str], person_ids: list[int], name: str = "", birth: date | None = None
) -> list[EntryRow]:
    """Entries in force (active, review date still ahead) matching an ID index, a registered
    person, or (for name + birth date checks) the name and birth date."""
    clauses = [f"e.id_number_index {_in(len(indexes))}"]
    params: list[Any] = _args(indexes)
    if person_ids:
        clauses.append(f"e.person_id {_in(len(person_ids), 'bigint')}")
        params += _args(person_ids)
    if name and birth is not None:
        clauses.append("(e.name = %s AND e.birth_date = %s)")
        params += [name, birth]
    sql = _entry_select(connection.vendor) + "(" + " OR ".join(clauses) + f") ORDER BY e.id LIMIT {MAX_ROWS}"
    return [EntryRow(*row) for row in _fetch(sql, [True, True, today, *params])]


def _person_ids_sql(where: str) -> str:
    return f"SELECT p.id FROM {_t(Person)} p WHERE p.is_active = %s AND {where}"


def check_lookup(
    *, today: date, indexes: list[str] | None = None, name: str = "", birth: date | None = None
) -> tuple[list[PersonRow], list[EntryRow]]:
    """Both look-ups of a check: the registered persons and the entries in force, by ID indexes or
    by name and birth date.

    The entry query finds entries of the registered persons through sub-selects, not through the
    first query's answer, so on PostgreSQL both go to the server in one pipeline: one round trip.
    `= ANY(ARRAY(SELECT …))` keeps each branch an index scan (a plain `IN (SELECT …)` inside an OR
    would make PostgreSQL scan every entry)."""
    if indexes is not None:
        person_where = f"p.id_number_index {_in(len(indexes))}"
        person_params = _args(indexes)
        entry_where = f"e.id_number_index {_in(len(indexes))} OR e.person_id " + (
            "= ANY(ARRAY(" + _person_ids_sql(person_where) + "))"
            if connection.vendor == "postgresql"
            else "IN (" + _person_ids_sql(person_where) + ")"
        )
        entry_params = [*_args(indexes), True, *person_params]
    elif name and birth is not None:
        person_where = "p.name = %s AND p.birth_date = %s"
        person_params = [name, birth]
        by_person = _person_ids_sql(person_where)
        by_index = (
            f"SELECT p.id_number_index FROM {_t(Person)} p "
            f"WHERE p.is_active = %s AND {person_where} AND p.id_number_index <> ''"
        )
        if connection.vendor == "postgresql":
            entry_where = f"e.person_id = ANY(ARRAY({by_person})) OR e.id_number_index = ANY(ARRAY({by_index}))"
        else:
            entry_where = f"e.person_id IN ({by_person}) OR e.id_number_index IN ({by_index})"
        entry_where += " OR (e.name = %s AND e.birth_date = %s)"
        entry_params = [True, name, birth, True, name, birth, name, birth]
    else:
        raise ValueError("check_lookup needs ID indexes, or a name and a birth date")
    person_sql = _person_select(connection.vendor) + person_where + f" ORDER BY p.id LIMIT {MAX_ROWS}"
    entry_sql = _entry_select(connection.vendor) + "(" + entry_where + f") ORDER BY e.id LIMIT {MAX_ROWS}"
    person_args = [True, *person_params]
    entry_args = [True, True, today, *entry_params]
    person_rows, entry_rows = fetch_pipelined((person_sql, person_args), (entry_sql, entry_args))
    seen: dict[int, PersonRow] = {}
    for row in person_rows:
        if row[0] not in seen:  # a person with two open residences comes back twice
            seen[row[0]] = PersonRow(*row)
    return list(seen.values()), [EntryRow(*row) for row in entry_rows]


def index_of(number: str) -> str:
    return id_index(number)
