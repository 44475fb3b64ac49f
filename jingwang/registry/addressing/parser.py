"""Free-text Chinese addresses → standard components, division codes and one canonical text.

`parse_address("江苏南京鼓楼宁海路街道北京西路１２３号颐和花园三号楼二单元五〇二")` reads the
divisions from the front of the text against the national table (`reading`), then the street
part with a small grammar (`street`), and writes the canonical text
`江苏省南京市鼓楼区宁海路街道北京西路123号颐和花园3栋2单元502室`. Missing higher levels come
from the table (宁海路街道 alone gives 江苏省 南京市 鼓楼区).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jingwang.registry.addressing.divisions import MUNICIPALITIES, division_index
from jingwang.registry.addressing.numerals import HALFWIDTH, arabic_numerals
from jingwang.registry.addressing.reading import ZONE, scan, settle
from jingwang.registry.addressing.street import parse_street

FIELDS = (
    "province",
    "city",
    "district",
    "subdistrict",
    "community",
    "group",
    "road",
    "road_number",
    "compound",
    "building",
    "unit",
    "floor",
    "room",
    "note",
    "division_code",
    "township_code",
    "canonical",
    "confidence",
)


@dataclass(frozen=True, slots=True)
class ParsedAddress:
    """An address split into standard components.

    Divisions carry official names (江苏省, 南京市, 鼓楼区, 宁海路街道) whatever the text wrote;
    `city` is the province's name for the four municipalities and empty for county-level cities
    directly under a province (济源, 仙桃); `district` is empty for townships directly under a
    prefecture (东莞, 中山). `division_code` is the 6-digit code of the county (of the prefecture
    for those with no counties, such as 东莞), empty unless the text settles it; `township_code` the
    9-digit code, empty unless the township is settled. Every division the text does not settle
    is empty: 河南城关镇 gives the province and nothing below it.

    Street components are normalised: village group `3组` (村民小组, GA/T 2000.32 level 34, also
    written 三组, 第三村民小组 or 三队; never a road), building `3栋`, unit `2单元`, floor `5层`,
    room `502室`, number `123号`. `canonical` joins divisions and components in a fixed order; the
    floor is left out of it when there is a room (the room number carries it), so 5层502室 and
    502室 read the same.

    `note` keeps what the text says about the place rather than naming it — where it is (对面,
    附近, 旁, 东门) or what it is used as (门面房, 后面平房), and a bracketed remark that names no
    component ((东门), (原粮站)) — joined by 、. It is never a component and not part of the
    canonical text.

    `confidence` (0..1) is how sure the parse is, the product of three factors:
    - how far the divisions were settled: township 1.0, county 0.85, prefecture 0.65,
      province 0.5, none 0.3;
    - 0.9 when a tie between places was broken only by `prefer`, and 0.9 for each division name
      that contradicts the others and was skipped;
    - how much of the street part the grammar recognised: 0.5 + 0.5 × recognised characters /
      all characters (1 when the text ends with the divisions).
    """

    province: str = ""
    city: str = ""
    district: str = ""
    subdistrict: str = ""
    community: str = ""
    group: str = ""
    road: str = ""
    road_number: str = ""
    compound: str = ""
    building: str = ""
    unit: str = ""
    floor: str = ""
    room: str = ""
    note: str = ""
    division_code: str = ""
    township_code: str = ""
    canonical: str = ""
    confidence: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The components by name, in the order of `FIELDS`."""
        return {name: getattr(self, name) for name in FIELDS}


# --- text clean-up ------------------------------------------------------------------------------

# One translate pass: full-width to ASCII, and separators people put anywhere dropped.
_DROP = " \t\r\n\u00a0,，、;；:：.。·•()（）[]【】{}<>《》\"'“”‘’|/\\~～"
_CLEAN: dict[int, int | None] = {cp: None if chr(to) in _DROP else to for cp, to in HALFWIDTH.items()}
_CLEAN.update({ord(ch): None for ch in _DROP})

_LEADS = ("中华人民共和国", "中国", "户籍地址", "居住地址", "现住址", "住址", "地址", "家住", "现住", "住在")
_LEADING_DIGITS = re.compile(r"\d{6}(?=\D)")  # a postal code written first


def clean(text: str) -> str:
    """Full-width folded, separators dropped, a leading label, country or postal code removed."""
    s = text.translate(_CLEAN)
    changed = True
    while changed:
        changed = False
        for lead in _LEADS:
            if s.startswith(lead):
                s, changed = s[len(lead) :], True
        m = _LEADING_DIGITS.match(s)
        if m:
            s, changed = s[m.end() :], True
    return s


_DIVISION_FACTOR = {4: 1.0, 3: 0.85, 2: 0.65, 1: 0.5, 0: 0.3}
NOTE_MAX = 100  # longer is not a note but text pasted in the wrong field

_OPENING = re.compile(r"[(（\[【]").search
_BRACKETED = re.compile(r"[(（\[【]([^()（）\[\]【】]*)[)）\]】]")
# A phase or zone of a compound written in brackets (颐和花园(二期)) is part of its name.
_PART_OF_COMPOUND = re.compile(r"\d{1,2}[期区]|[东西南北中]区")


def _bracket_note(inner: str) -> bool:
    """Whether a bracketed remark is a note: it names no component (东门, 原粮站, 超市旁) and no
    division, and is not a phase of the compound before it."""
    text = arabic_numerals(clean(inner))
    if not text or _PART_OF_COMPOUND.fullmatch(text):
        return False
    if any(exact for _, exact in division_index().names.get(text, ())):
        return False
    street = parse_street(text)
    return not any(getattr(street, name) for name in _STREET_FIELDS)


_STREET_FIELDS = ("community", "group", "road", "road_number", "compound", "building", "unit", "floor", "room")


def split_bracket_notes(text: str) -> tuple[str, list[str]]:
    """The text without its bracketed notes, and the notes (see `_bracket_note`)."""
    notes: list[str] = []

    def take(m: re.Match[str]) -> str:
        if _bracket_note(m.group(1)):
            notes.append(clean(m.group(1)))
            return ""
        return m.group(0)

    return _BRACKETED.sub(take, text), notes


def parse_address(text: str, *, prefer: str = "") -> ParsedAddress:
    """Split one free-text address into standard components (see `ParsedAddress`).

    `prefer` is a division code (320100, 320106 …) naming where the caller works; it only breaks
    ties between equally good readings (鼓楼区 alone → Nanjing's when prefer="320100").
    """
    index = division_index()
    notes: list[str] = []
    if _OPENING(text):
        text, notes = split_bracket_notes(text)
    s = clean(text)
    settled = settle(scan(s, index), index, prefer)
    start = settled.end
    if start and (zone := ZONE.match(s, start)):
        start = zone.end()
    rest = arabic_numerals(s[start:])
    street = parse_street(rest)

    province = city = district = subdistrict = ""
    division_code = township_code = ""
    level = 0
    if settled.place is not None:
        places = index.places
        for code in settled.place.path:
            place = places[code]
            if place.level == 1:
                province = place.name
                if code in MUNICIPALITIES:
                    city = place.name
            elif place.level == 2:
                city = place.name
            elif place.level == 3:
                district = place.name
            else:
                subdistrict = place.name
        level = settled.place.level
        if level >= 3 or settled.place.code in index.countyless:
            division_code = settled.place.code[:6]
        if level == 4:
            township_code = settled.place.code

    parts = [province, "" if city == province else city, district, subdistrict, street.community, street.group]
    parts.append(street.road)
    parts += [street.road_number, street.compound, street.building, street.unit]
    parts += ["" if street.room else street.floor, street.room]
    confidence = _DIVISION_FACTOR[level]
    if settled.preferred:
        confidence *= 0.9
    confidence *= 0.9**settled.skipped
    if rest:
        confidence *= 0.5 + 0.5 * street.recognised / len(rest)
    return ParsedAddress(
        province=province,
        city=city,
        district=district,
        subdistrict=subdistrict,
        community=street.community,
        group=street.group,
        road=street.road,
        road_number=street.road_number,
        compound=street.compound,
        building=street.building,
        unit=street.unit,
        floor=street.floor,
        room=street.room,
        note="、".join(dict.fromkeys(notes + street.notes))[:NOTE_MAX] if notes or street.notes else "",
        division_code=division_code,
        township_code=township_code,
        canonical="".join(parts),
        confidence=round(confidence, 3),
    )


def parse_many(lines: Iterable[str], *, prefer: str = "") -> list[ParsedAddress]:
    """`parse_address` for each line, in order."""
    return [parse_address(line, prefer=prefer) for line in lines]
