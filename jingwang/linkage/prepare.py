"""Chinese preparation of person records before linkage.

What Splink (and `score_pair`) compare are not the raw values but keys derived from them here:

- the name in simplified characters (OpenCC t2s), with similar-shaped characters folded to one
  representative (`chars.fold_shapes`), and its pinyin without tones, the surname read as a surname
  (`core.names.name_pinyin`: 单 is Shan, 曾 is Zeng), which makes homophones (张伟/章伟) equal;
- the ID number cleaned (full-width digits, spaces, lower-case x), a 15-digit number upgraded to
  18, and from a number whose check digit holds: birth date, sex and county code, which fill a
  missing stated birth date or sex and are cross-checked with the stated ones (`id_consistent`);
  a valid number with a known area code that the record's own birth date and sex do not
  contradict is `id_checked`: the kind two records must not share a person with unless the two
  numbers are one typo apart (a double typo passes the check digit 1 time in 11, and then
  usually leaves an unknown area code or a birth date the record contradicts);
- the birth date as ISO text, whichever way it was written (`core.dates.parse_date`);
- the phone as digits without +86;
- the address parsed (`registry.addressing.parser`) into its county code, its canonical text and
  the street part below the township (community, village group, road, number, compound, building,
  unit, room; a note is left out). The parser reads about 15,000 addresses a second, so batch
  preparation parses each distinct text once.

Nothing here needs Django settings or a database.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from jingwang.core.dates import parse_date
from jingwang.core.identity import FEMALE, MALE, clean_id_number, id_check_character, region_table
from jingwang.core.names import name_pinyin, split_name
from jingwang.linkage.chars import fold_shapes
from jingwang.registry.addressing.parser import parse_address

RAW_FIELDS = ("record_id", "name", "sex", "birth_date", "id_number", "phone", "address")

_SEX = {"1": MALE, "男": MALE, "m": MALE, "male": MALE, "2": FEMALE, "女": FEMALE, "f": FEMALE, "female": FEMALE}
_NAME_DROP = re.compile(r"[\s\u3000·•・.\-_,，、()（）\[\]0-9a-zA-Z]+")
_DIGITS = re.compile(r"\D+")
_ID18 = re.compile(r"[0-9]{17}[0-9X]").fullmatch
_ID15 = re.compile(r"[0-9]{15}").fullmatch


@dataclass(slots=True)
class PersonRecord:
    """One person as a source gave it (the first seven fields) and the keys `prepare` derives."""

    record_id: str = ""
    name: str = ""
    sex: str = ""
    birth_date: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""
    # Derived by prepare(); empty when unknown.
    name_s: str = ""  # simplified characters, no spaces or dots
    name_shape: str = ""  # similar-shaped characters folded
    name_py: str = ""  # pinyin without tones, surname reading
    surname_py: str = ""
    dob: str = ""  # ISO date: stated, else from the ID number
    sex_code: str = ""  # GB/T 2261.1: stated, else from the ID number
    id_clean: str = ""  # the ID as typed, cleaned (upgraded to 18 digits when it had 15)
    id_valid: bool = False  # 18 characters with a matching check digit and a real birth date
    id_stem: str = ""  # the first 17 digits
    id_dob: str = ""
    id_sex: str = ""
    id_region: str = ""
    id_consistent: bool | None = None  # the ID's birth date and sex agree with the stated ones
    id_checked: bool = False  # valid, a known area code, not contradicted by the stated date or sex
    phone_digits: str = ""
    addr_canonical: str = ""
    addr_county: str = ""
    addr_street: str = ""
    prepared: bool = False

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> PersonRecord:
        """From a dict of the raw fields (missing or None read as empty)."""
        raw = {k: "" if row.get(k) is None else str(row.get(k)) for k in RAW_FIELDS}
        return cls(
            raw["record_id"], raw["name"], raw["sex"], raw["birth_date"], raw["id_number"], raw["phone"], raw["address"]
        )

    def as_row(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1 << 20)
def name_keys(name: str) -> tuple[str, str, str, str]:
    """(simplified, shapes folded, pinyin, surname pinyin) of a name; empty strings when blank."""
    simplified = _NAME_DROP.sub("", _t2s().convert(name or ""))
    if not simplified:
        return "", "", "", ""
    pinyin = name_pinyin(simplified)
    return simplified, fold_shapes(simplified), pinyin, name_pinyin(split_name(simplified)[0])


def sex_code(text: str) -> str:
    return _SEX.get((text or "").strip().lower(), "")


@lru_cache(maxsize=1 << 18)
def iso_date(text: str | None) -> str:
    try:
        value = parse_date(text)
    except ValueError:
        return ""
    return value.isoformat() if value else ""


@dataclass(frozen=True, slots=True)
class IdKeys:
    clean: str
    valid: bool
    dob: str
    sex: str
    region: str


@cache
def _regions() -> frozenset[str]:
    """Area codes ever in use (GB/T 2260 history and today's table)."""

    return frozenset(region_table())


@lru_cache(maxsize=1 << 16)
def _real_date(digits: str) -> str:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])).isoformat()
    except ValueError:
        return ""


def id_keys(text: str) -> IdKeys:
    """The ID number cleaned and, when it holds together, what it says about the person.

    The check is the GB 11643 one (`core.identity.id_check_character`) without the division
    table: an unknown county code does not make a number useless for linkage.
    """
    text = text or ""
    # Most numbers arrive clean; clean_id_number's translate table costs more than the rest.
    number = text if _ID18(text) else clean_id_number(text).upper()
    if _ID15(number):
        body = f"{number[:6]}19{number[6:]}"
        number = body + id_check_character(body)
    if not _ID18(number) or number[17] != id_check_character(number[:17]):
        return IdKeys(number, False, "", "", "")
    born = _real_date(number[6:14])
    if not born or born < "1900":
        return IdKeys(number, False, "", "", "")
    return IdKeys(number, True, born, MALE if int(number[16]) % 2 else FEMALE, number[:6])


def phone_digits(text: str) -> str:
    digits = _DIGITS.sub("", (text or "").translate(_FULL_WIDTH))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    elif len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    return digits


_FULL_WIDTH = {0xFF10 + i: str(i) for i in range(10)}


@lru_cache(maxsize=1 << 18)
def address_keys(text: str) -> tuple[str, str, str]:
    """(canonical text, county code, street part) of an address; empty strings when blank."""
    text = (text or "").strip()
    if not text:
        return "", "", ""

    parsed = parse_address(text)
    street = "".join(
        (
            parsed.community,
            parsed.group,
            parsed.road,
            parsed.road_number,
            parsed.compound,
            parsed.building,
            parsed.unit,
            "" if parsed.room else parsed.floor,
            parsed.room,
        )
    )
    return parsed.canonical, parsed.division_code, street


def prepare(record: PersonRecord | dict[str, Any], *, addresses: bool = True) -> PersonRecord:
    """A copy of the record with every derived key filled (accepts a dict of the raw fields)."""
    if isinstance(record, dict):
        record = PersonRecord.from_row(record)
    else:  # every derived key is recomputed: copying the raw fields is enough (and 10x cheaper than replace)
        r = record
        record = PersonRecord(r.record_id, r.name, r.sex, r.birth_date, r.id_number, r.phone, r.address)
    record.name_s, record.name_shape, record.name_py, record.surname_py = name_keys(record.name)
    ident = id_keys(record.id_number)
    record.id_clean, record.id_valid = ident.clean, ident.valid
    record.id_stem = ident.clean[:17] if len(ident.clean) >= 17 else ""
    record.id_dob, record.id_sex, record.id_region = ident.dob, ident.sex, ident.region
    stated_dob, stated_sex = iso_date(record.birth_date), sex_code(record.sex)
    record.dob = stated_dob or ident.dob
    record.sex_code = stated_sex or ident.sex
    if ident.valid and (stated_dob or stated_sex):
        record.id_consistent = (not stated_dob or stated_dob == ident.dob) and (
            not stated_sex or stated_sex == ident.sex
        )
    else:
        record.id_consistent = None
    record.id_checked = ident.valid and record.id_consistent is not False and ident.region in _regions()
    record.phone_digits = phone_digits(record.phone)
    if addresses:
        record.addr_canonical, record.addr_county, record.addr_street = address_keys(record.address)
    record.prepared = True
    return record


def _parse_addresses(texts: list[str]) -> list[tuple[str, str, str]]:
    return [address_keys(text) for text in texts]


def prepare_many(
    rows: Iterable[PersonRecord | dict[str, Any]], *, addresses: bool = True, processes: int = 1
) -> list[PersonRecord]:
    """`prepare` over many records, each distinct address parsed once.

    With `processes` > 1 the addresses (two thirds of the work) are parsed in that many forked
    worker processes while this one derives the other keys.
    """
    rows = list(rows)
    if not addresses or processes <= 1 or len(rows) < 20_000:
        return [prepare(row, addresses=addresses) for row in rows]
    import multiprocessing

    records = [PersonRecord.from_row(row) if isinstance(row, dict) else row for row in rows]
    texts = list(dict.fromkeys(text for r in records if (text := r.address.strip())))
    size = max(1, len(texts) // (processes * 8) + 1)
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pending = pool.map_async(_parse_addresses, chunks)
        prepared = [prepare(record, addresses=False) for record in records]
        parsed = dict(zip(texts, (keys for chunk in pending.get() for keys in chunk), strict=True))
    blank = ("", "", "")
    for record in prepared:
        record.addr_canonical, record.addr_county, record.addr_street = parsed.get(record.address.strip(), blank)
    return prepared
