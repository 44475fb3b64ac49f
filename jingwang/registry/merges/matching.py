"""Finding the registered persons one record may duplicate, and scoring each pair.

Candidates come from the database through indexed look-ups only (one query for a record):
- the same ID number (blind index);
- an ID number one substitution or one adjacent transposition away in its first 17 digits, with
  its own check digit (a valid number mistyped into another valid number): the variants are
  computed here and their blind indexes looked up together;
- the same name read aloud (`name_pinyin`, surname readings) and the same birth date;
- the same phone number (blind index).
Each candidate is then scored with the linkage model (`jingwang.linkage.model.score_pair`, the
Splink m/u parameters evaluated in Python), which says which fields agreed and how much each
weighed. Identifiers are decrypted in memory for scoring only; nothing here writes.

Two ID numbers that are more than a typo apart are two people (`linkage.model.distinct_ids`):
such a pair scores 0, and a candidate is dropped as well when a person merged into it (or into
the person being matched) carries such a number, so that no chain of merges through a record
without an ID joins two people (`person_id_numbers`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q

from jingwang.core import crypto, identity
from jingwang.linkage.model import score_pair
from jingwang.linkage.prepare import PersonRecord, prepare
from jingwang.registry.identifiers import ID_CONTEXT, PHONE_CONTEXT, id_index, phone_index
from jingwang.registry.models import Person, Residence

MAX_CANDIDATES = 50
_DIGITS = "0123456789"


@dataclass(frozen=True)
class Match:
    """A registered person that resembles the record, with the model's verdict."""

    person: Person
    probability: float
    match_weight: float
    fields: list[dict[str, Any]]
    same_id_number: bool


def _real_birth(stem: str) -> bool:
    try:
        date(int(stem[6:10]), int(stem[10:12]), int(stem[12:14]))
    except ValueError:
        return False
    return True


def id_variants(number: str) -> list[str]:
    """Valid ID numbers whose first 17 digits are one substitution or one adjacent transposition
    away from `number`'s (each with its own check digit); only those with a real birth date."""
    stem = number[:17]
    if len(stem) != 17 or not stem.isdigit():
        return []
    stems: set[str] = set()
    for i, digit in enumerate(stem):
        for other in _DIGITS:
            if other != digit:
                stems.add(f"{stem[:i]}{other}{stem[i + 1 :]}")
    for i in range(16):
        if stem[i] != stem[i + 1]:
            stems.add(f"{stem[:i]}{stem[i + 1]}{stem[i]}{stem[i + 2 :]}")
    return sorted(s + identity.id_check_character(s) for s in stems if _real_birth(s))


def _phone_key(text: str) -> str:
    if not text:
        return ""
    check = identity.check_phone(text)
    return phone_index(check.normalized) if check.valid else ""


def candidate_query(record: PersonRecord) -> Q | None:
    """The look-ups for one prepared record, OR-ed; None when the record has nothing to look up by."""
    parts: list[Q] = []
    if record.id_valid:
        parts.append(Q(id_number_index__in=[id_index(record.id_clean), *map(id_index, id_variants(record.id_clean))]))
    if record.name_py and record.dob:
        parts.append(Q(name_pinyin=record.name_py, birth_date=record.dob))
    if phone := _phone_key(record.phone):
        parts.append(Q(phone_index=phone))
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def candidates(record: PersonRecord, *, exclude: Iterable[int] = ()) -> list[Person]:
    """Active persons the record may duplicate (at most MAX_CANDIDATES, oldest first)."""
    q = candidate_query(record)
    if q is None:
        return []
    return list(Person.objects.filter(q, is_active=True).exclude(pk__in=list(exclude)).order_by("pk")[:MAX_CANDIDATES])


def current_addresses(person_ids: Iterable[int]) -> dict[int, str]:
    rows = Residence.objects.filter(person_id__in=list(person_ids), until__isnull=True).values_list(
        "person_id", "house__address__canonical"
    )
    return {pk: text or "" for pk, text in rows}


def person_record(person: Person, *, address: str = "") -> PersonRecord:
    """The prepared linkage record of a registered person (identifiers decrypted in memory)."""
    return prepare(
        PersonRecord(
            record_id=str(person.pk),
            name=person.name,
            sex=person.sex if person.sex in ("1", "2") else "",
            birth_date=person.birth_date.isoformat() if person.birth_date else "",
            id_number=crypto.decrypt(person.id_number_enc, context=ID_CONTEXT) if person.id_number_enc else "",
            phone=crypto.decrypt(person.phone_enc, context=PHONE_CONTEXT) if person.phone_enc else "",
            address=address,
        )
    )


def values_record(values: dict[str, Any], *, record_id: str = "") -> PersonRecord:
    """The prepared linkage record of submitted values (a collection's payload)."""

    def text(key: str) -> str:
        return "" if values.get(key) is None else str(values[key])

    return prepare(
        PersonRecord(
            record_id=record_id,
            name=text("name"),
            sex=text("sex"),
            birth_date=text("birth_date"),
            id_number=text("id_number"),
            phone=text("phone"),
            address=text("address"),
        )
    )


def score(a: PersonRecord, b: PersonRecord) -> tuple[float, float, list[dict[str, Any]]]:
    """(probability, match weight, fields) of a pair, from the linkage model."""
    result = score_pair(a, b)
    fields = [{"field": f.field, "level": str(f.level), "weight": round(float(f.weight), 2)} for f in result.fields]
    return float(result.probability), float(result.match_weight), fields


def _checked_id(person: Person) -> str:
    """The person's ID number when it is one the linkage rule holds to (`id_checked`), else ""."""
    if not person.id_number_enc:
        return ""
    record = prepare(
        PersonRecord(
            sex=person.sex if person.sex in ("1", "2") else "",
            birth_date=person.birth_date.isoformat() if person.birth_date else "",
            id_number=crypto.decrypt(person.id_number_enc, context=ID_CONTEXT),
        ),
        addresses=False,
    )
    return record.id_clean if record.id_checked else ""


def person_id_numbers(persons: Iterable[Person]) -> dict[int, set[str]]:
    """The checked ID numbers each person stands for: its own and those of every record merged
    into it (and into those, and so on). One query per level of merges, usually one."""
    numbers: dict[int, set[str]] = {}
    root: dict[int, int] = {}
    for p in persons:
        numbers[p.pk] = {n} if (n := _checked_id(p)) else set()
        root[p.pk] = p.pk
    frontier = list(root)
    while frontier:
        merged = list(
            Person.objects.filter(merged_into_id__in=frontier, is_active=False).only(
                "pk", "merged_into_id", "sex", "birth_date", "id_number_enc"
            )
        )
        frontier = []
        for p in merged:
            if p.pk in root or p.merged_into_id is None:
                continue
            root[p.pk] = top = root[p.merged_into_id]
            if n := _checked_id(p):
                numbers[top].add(n)
            frontier.append(p.pk)
    return numbers


def distinct_people(mine: set[str], theirs: set[str]) -> bool:
    """Whether two sets of checked ID numbers hold two that are more than a typo apart."""
    return any(identity.id_numbers_distinct(a, b) for a in mine for b in theirs)


def find_matches(
    record: PersonRecord, *, threshold: float, exclude: Iterable[int] = (), person: Person | None = None
) -> list[Match]:
    """Registered persons scoring at least `threshold` against the record, best first; `person`
    is the registered person the record is of (its merged records count as its own), if any.
    None whose ID numbers, merged records included, are another person's than the record's."""
    found = candidates(record, exclude=exclude)
    if not found:
        return []
    addresses = current_addresses(p.pk for p in found)
    same = id_index(record.id_clean) if record.id_valid else None
    matches = []
    for candidate in found:
        probability, weight, fields = score(record, person_record(candidate, address=addresses.get(candidate.pk, "")))
        if probability >= threshold:
            matches.append(
                Match(candidate, probability, weight, fields, same is not None and candidate.id_number_index == same)
            )
    if matches:
        matches = _same_people(record, person, matches)
    return sorted(matches, key=lambda m: (-m.probability, m.person.pk))


def _same_people(record: PersonRecord, person: Person | None, matches: list[Match]) -> list[Match]:
    """The matches whose ID numbers, merged records included, may be the record's person's."""
    if person is None and not record.id_checked:
        return matches  # nothing to tell people apart by
    numbers = person_id_numbers([m.person for m in matches] + ([person] if person is not None else []))
    mine = set(numbers[person.pk]) if person is not None else set()
    if record.id_checked:
        mine.add(record.id_clean)
    return [m for m in matches if not distinct_people(mine, numbers[m.person.pk])]
