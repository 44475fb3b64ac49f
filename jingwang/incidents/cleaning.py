"""Checking one incident row as the dispatch and records systems send it: the incident number,
times, place, category from the code table, outcome, and callers' and victims' identifiers.

A row is a mapping of field → value (text from a file, or JSON values from the feed). `clean_row`
returns the row's columns (identifiers already encrypted, blind-indexed and masked) or the list of
problems, each naming its field, in the active language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.core import crypto, identity
from jingwang.incidents.models import IncidentCategory, Outcome
from jingwang.registry.addressing.parser import parse_address
from jingwang.registry.identifiers import ID_CONTEXT, PHONE_CONTEXT

FIELDS = (
    "number", "occurred_at", "reported_at", "place", "lon", "lat", "category", "outcome", "summary",
    "caller_name", "caller_id_number", "caller_phone", "victim_name", "victim_id_number", "victim_phone",
)  # fmt: skip
NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_\-]{0,39}$")
# 2025-03-01 12:30[:00], 2025/3/1 12:30, 2025年3月1日12时30分, 20250301123000, with an optional offset.
_TIME = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]*(\d{1,2})[:时点](\d{1,2})(?:[:分](\d{1,2})(?:\.\d+)?)?秒?分?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?$")
# Words of the dispatch systems' 处警结果 → outcome (the text itself is kept beside it).
OUTCOME_WORDS: tuple[tuple[str, str], ...] = (
    ("调解", Outcome.MEDIATED),
    ("立案", Outcome.CASE_FILED),
    ("受案", Outcome.CASE_FILED),
    ("移交", Outcome.TRANSFERRED),
    ("移送", Outcome.TRANSFERRED),
    ("转交", Outcome.TRANSFERRED),
    ("误报", Outcome.FALSE_ALARM),
    ("无效", Outcome.FALSE_ALARM),
    ("谎报", Outcome.FALSE_ALARM),
    ("无需", Outcome.NO_ACTION),
    ("不予", Outcome.NO_ACTION),
    ("处置", Outcome.HANDLED),
    ("处理", Outcome.HANDLED),
)
IDENTIFIERS = (
    ("caller_id_number", "caller_id", False),
    ("caller_phone", "caller_phone", True),
    ("victim_id_number", "victim_id", False),
    ("victim_phone", "victim_phone", True),
)
MAX_AHEAD = timedelta(hours=1)  # clocks of feeding systems drift; an incident is never in the future


@dataclass
class Cleaned:
    """A checked row: its columns (model attnames) and the place to match, or its problems."""

    columns: dict[str, object] = field(default_factory=dict)
    canonical: str = ""  # the standard text of the place, when it parses
    place: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)


def _text(value: object) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@lru_cache(maxsize=1)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def parse_time(value: object) -> datetime | None:
    """An aware datetime, local time (settings.TIME_ZONE) when the text gives no offset."""
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=_zone(settings.TIME_ZONE))
    text = _text(value)
    if len(text) >= 16 and text[4] == "-" and text[10] in " T":
        try:  # the common form, read in C
            when = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            return when if when.tzinfo is not None else when.replace(tzinfo=_zone(settings.TIME_ZONE))
    m = _TIME.match(text) or _COMPACT.match(text)
    if m is None:
        return None
    y, mo, d, h, mi, sec = (int(p) if p else 0 for p in m.groups()[:6])
    offset = m.group(7) if m.re is _TIME else None
    try:
        tz = _zone(settings.TIME_ZONE)
        if offset:
            tz = datetime.strptime(offset.replace(":", "").replace("Z", "+0000"), "%z").tzinfo  # type: ignore[assignment]
        return datetime(y, mo, d, h, mi, sec, tzinfo=tz)
    except ValueError:
        return None


@lru_cache(maxsize=200_000)
def canonical_place(text: str) -> str:
    """The standard text of a place as reported ("" when it names no address); incidents repeat
    places, so each distinct text is parsed once."""
    parsed = parse_address(text)
    return parsed.canonical if parsed.road_number or parsed.group or parsed.compound or parsed.building else ""


OUTCOME_VALUES = frozenset(Outcome.values)


@lru_cache(maxsize=4096)
def outcome_of(text: str) -> str:
    """The outcome a dispatch system's wording means (its few phrasings repeat: each is read once)."""
    if not text:
        return Outcome.OTHER
    if text in OUTCOME_VALUES:
        return text
    for word, outcome in OUTCOME_WORDS:
        if word in text:
            return outcome
    return Outcome.OTHER


class Categories:
    """The active code table, by code and by name."""

    def __init__(self) -> None:
        self.by_key: dict[str, int] = {}
        for pk, code, name in IncidentCategory.objects.filter(active=True).values_list("id", "code", "name"):
            self.by_key[code] = pk
            self.by_key.setdefault(name, pk)

    def find(self, value: str) -> int | None:
        if value in self.by_key:
            return self.by_key[value]
        code = value.split()[0].split("-")[0] if value else ""
        return self.by_key.get(code)


def _identifier(cleaned: Cleaned, row: Mapping[str, object], name: str, prefix: str, *, phone: bool) -> None:
    text = _text(row.get(name))
    if not text:
        return
    if phone:
        pcheck = identity.check_phone(text)
        if not pcheck.valid:
            cleaned.problems.append((name, pcheck.errors[0].message if pcheck.errors else _("Invalid value.")))
            return
        p = crypto.protect(pcheck.normalized, context=PHONE_CONTEXT, masked=identity.mask_phone(pcheck.normalized))
    else:
        icheck = identity.check_id_number(text)
        if not icheck.valid:
            cleaned.problems.append((name, icheck.errors[0].message if icheck.errors else _("Invalid value.")))
            return
        number = icheck.normalized
        p = crypto.protect(number, context=ID_CONTEXT, masked=identity.mask_id_number(number))
    cleaned.columns[f"{prefix}_enc"] = p.enc
    cleaned.columns[f"{prefix}_index"] = p.index
    cleaned.columns[f"{prefix}_masked"] = p.masked


def clean_row(row: Mapping[str, object], categories: Categories, now: datetime) -> Cleaned:
    """Check one row; `problems` empty means `columns` is ready to store."""
    c = Cleaned()
    cols = c.columns
    number = _text(row.get("number"))
    if not number:
        c.problems.append(("number", _("Enter the incident number.")))
    elif not NUMBER.match(number):
        c.problems.append(("number", _("An incident number is up to 40 letters, digits, hyphens or underscores.")))
    cols["number"] = number
    latest = now + MAX_AHEAD
    for name in ("reported_at", "occurred_at"):
        raw = row.get(name)
        if raw in (None, ""):
            if name == "reported_at":
                cols[name] = None
                continue
            if row.get("reported_at") not in (None, ""):
                cols[name] = cols["reported_at"]  # a call log gives only the time of the call
                continue
        when = parse_time(raw) if raw not in (None, "") else None
        if when is None:
            c.problems.append((name, _("Enter a date and time such as 2025-03-01 14:30.")))
        elif when > latest:
            c.problems.append((name, _("The time lies in the future.")))
        cols[name] = when
    occurred, reported = cols.get("occurred_at"), cols.get("reported_at")
    if isinstance(occurred, datetime) and isinstance(reported, datetime) and reported < occurred - MAX_AHEAD:
        c.problems.append(("reported_at", _("The incident was reported before it occurred.")))
    category_text = _text(row.get("category"))
    category = categories.find(category_text) if category_text else None
    if category is None:
        message = _("Give the category.") if not category_text else _("No such category in the code table.")
        c.problems.append(("category", message))
    cols["category_id"] = category
    place = _text(row.get("place"))[:300]
    c.place = place
    cols["place_text"] = place
    lon_raw, lat_raw = row.get("lon"), row.get("lat")
    cols["lon"] = cols["lat"] = None
    if _text(lon_raw) or _text(lat_raw):
        problems = identity.check_coordinates(_text(lon_raw), _text(lat_raw))
        if problems:
            c.problems.append(("lon", problems[0].message))
        else:
            cols["lon"], cols["lat"] = float(_text(lon_raw)), float(_text(lat_raw))
    if not place and cols["lon"] is None and not any(f == "lon" for f, _m in c.problems):
        c.problems.append(("place", _("Give the place of the incident or its coordinates.")))
    if place:
        c.canonical = canonical_place(place)
    outcome_text = _text(row.get("outcome"))[:200]
    cols["outcome"] = outcome_of(outcome_text)
    cols["outcome_note"] = outcome_text
    cols["summary"] = _text(row.get("summary"))
    cols["caller_name"] = _text(row.get("caller_name"))[:50]
    cols["victim_name"] = _text(row.get("victim_name"))[:50]
    for name, prefix, phone in IDENTIFIERS:
        if row.get(name):
            _identifier(c, row, name, prefix, phone=phone)
    return c
