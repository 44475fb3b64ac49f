"""The checks of an import row that need no database: validation as the services do it, address
parsing, coordinates, and the stored (encrypted) form of identifiers.

These are pure and cost most of an import's time (address parsing and encryption above all), so
`imports` may run them in worker processes, a chunk of rows at a time, while it writes the
previous batches; the result is the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from jingwang.core.dates import parse_date
from jingwang.registry.addressing.parser import ParsedAddress, parse_address
from jingwang.registry.models import HazardLevel
from jingwang.registry.services.persons import person_columns
from jingwang.registry.services.places import unit_columns
from jingwang.registry.validation import clean_coordinates, clean_house, clean_person, clean_unit
from jingwang.registry.words import normalise_choices

PERSON_INPUT = {"name", "former_names", "sex", "birth_date", "document_type", "id_number", "phone", "residence_type",
                "hukou_address", "residence_permit_number", "residence_permit_expires"}  # fmt: skip
UNIT_INPUT = {"name", "credit_code", "unit_type", "industry", "legal_representative", "security_contact",
              "security_contact_phone", "staff_count"}  # fmt: skip
HOUSE_INPUT = {"house_type", "use", "rental_start", "security_letter_signed"}
_TRUE = {"1", "true", "yes", "y", "on", "是", "有", "√"}
_FALSE = {"", "0", "false", "no", "n", "off", "否", "无", "×"}
_PARSED: dict[str, ParsedAddress | None] = {}  # per process; household rows repeat their address


@dataclass(slots=True)
class Row:
    """One data row after the checks that need no database."""

    line: int
    data: dict[str, Any]
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, message)
    parsed: ParsedAddress | None = None
    text: str = ""  # the address as written (spaces folded)
    point: tuple[float, float] | None = None
    grid_code: str = ""
    grid_id: int | None = None
    key: Any = None  # natural key within the file
    extra: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, Any] | None = None  # stored form (persons, units)

    def fail(self, name: str, messages: list[str] | str) -> None:
        for message in [messages] if isinstance(messages, str) else messages:
            self.problems.append((name, str(message)))


def parse(text: str) -> ParsedAddress | None:
    """`parse_address`, remembered; None when the text is not read as an address."""
    if text not in _PARSED:
        if len(_PARSED) > 500_000:
            _PARSED.clear()
        parsed = parse_address(text)
        _PARSED[text] = parsed if parsed.division_code and parsed.canonical else None
    return _PARSED[text]


def _place(row: Row, record: dict[str, str]) -> None:
    text = " ".join(record.get("address", "").split())
    if text:
        row.parsed, row.text = parse(text), text
        if row.parsed is None:
            row.fail("address", _("The address cannot be read: give at least the district and the road or compound."))
    if record.get("lon") or record.get("lat"):
        x, y, errors = clean_coordinates(record.get("lon"), record.get("lat"))
        if errors:
            row.fail("location", errors["location"])
        elif x is not None and y is not None:
            row.point = (x, y)
    row.grid_code = record.get("grid", "").strip()


def _person(line: int, record: dict[str, str]) -> Row:
    clean, errors, _warnings = clean_person({k: v for k, v in record.items() if k in PERSON_INPUT})
    if not clean.get("id_number") and "id_number" not in errors:
        errors["id_number"] = [_("Enter the ID number: the import matches persons by it.")]
    if record.get("since"):
        try:
            since = parse_date(record["since"])
        except ValueError:
            errors["since"] = [_("Enter a date such as 1985-03-07.")]
        else:
            clean_extra = {"since": since}
    else:
        clean_extra = {}
    tenant = record.get("tenant", "").strip().lower()
    if tenant not in _TRUE | _FALSE:
        errors["tenant"] = [_("Answer 是 or 否 (yes or no).")]
    row = Row(line, clean, extra={**clean_extra, "tenant": tenant in _TRUE})
    for name, messages in errors.items():
        row.fail(name, messages)
    _place(row, record)
    if not row.problems:
        row.key = clean["id_number"]
        row.columns = person_columns(clean)
    return row


def _unit(line: int, record: dict[str, str]) -> Row:
    clean, errors = clean_unit({k: v for k, v in record.items() if k in UNIT_INPUT})
    row = Row(line, clean)
    for name, messages in errors.items():
        row.fail(name, messages)
    _place(row, record)
    if row.problems:
        return row
    code = clean.get("credit_code", "")
    if code:
        row.key = ("credit_code", code)
    elif row.parsed is not None:
        row.key = ("place", clean["name"], row.parsed.canonical)
    elif row.text == "":
        row.fail("address", _("Give the credit code or the address: units are matched by one of them."))
    if not row.problems:
        row.columns = unit_columns(clean)
    return row


def _house(line: int, record: dict[str, str]) -> Row:
    clean, errors = clean_house({k: v for k, v in record.items() if k in HOUSE_INPUT})
    if record.get("area_m2"):
        try:
            area = Decimal(record["area_m2"]).quantize(Decimal("0.1"))
            if not 0 <= area < 10_000_000:
                raise InvalidOperation
            clean["area_m2"] = area
        except InvalidOperation:
            errors["area_m2"] = [_("Enter the area in square metres, such as 89.5.")]
    if record.get("hazard_level"):
        if record["hazard_level"] in HazardLevel.values:
            clean["hazard_level"] = record["hazard_level"]
        else:
            errors["hazard_level"] = [_("Unknown value.")]
    row = Row(line, clean)
    for name, messages in errors.items():
        row.fail(name, messages)
    _place(row, record)
    if not row.text:
        row.fail("address", _("Enter the address."))
    elif row.parsed is not None:
        row.key = row.parsed.canonical
    return row


def _address(line: int, record: dict[str, str]) -> Row:
    row = Row(line, {})
    _place(row, record)
    if not row.text:
        row.fail("address", _("Enter the address."))
    elif row.parsed is not None:
        row.key = row.parsed.canonical
    return row


EXAMINE = {"person": _person, "unit": _unit, "house": _house, "address": _address}


def examine(kind: str, line: int, record: dict[str, str]) -> Row:
    """Check one row (a {field: text} record) of a file of `kind`."""
    return EXAMINE[kind](line, normalise_choices(record))


def examine_chunk(kind: str, language: str, chunk: list[tuple[int, dict[str, str]]]) -> list[Row]:
    """`examine` over consecutive rows, in a worker process, with messages in `language`."""
    with translation.override(language):
        return [examine(kind, line, record) for line, record in chunk]
