"""The street part of an address: community, road, number, compound, building, unit, floor and room.

A small grammar applied left to right, each component at most once and in that order (a
community may also follow the road); values come out normalised (3幢 → 3栋, 二单元 → 2单元,
5楼 → 5层, 502 → 502室).
"""

from __future__ import annotations

import re

_NOT_NUM = r"[^\d\-#]"
# A community may be named after a road (解放路社区) but does not contain one (五一路八一社区 is a
# road and a community), and is not itself the start of a road or a compound (中关村大街, 新村).
_COMMUNITY = re.compile(
    r"[^\d\-#路街巷]{1,16}?(?:大道|[路街巷])?"
    r"(?:社区居民委员会|社区居委会|社区|居民委员会|居委会|村民委员会|村委会|嘎查|(?<!新)村)"
    r"(?![路街道巷弄里小花园苑]|大[街道])"
)
_ROAD = re.compile(rf"{_NOT_NUM}{{1,20}}?\d{{0,3}}(?:大道|大街|公路|胡同|路|街(?!道)|(?:巷|道|里|弄)(?=\d+[号弄]|$))")
_GROUP = re.compile(r"\d{1,3}(?:组|队)")
_NUMBER = re.compile(r"(?:\d+弄)?[甲乙丙丁]?\d+(?:[-之]\d+)?号(?!楼)院?|\d+弄")
_COMPOUND = re.compile(
    rf"{_NOT_NUM}{{1,24}}(?:小区|花园|家园|公寓|大厦|新村|华庭|山庄|别墅|公馆|广场|中心|大楼|宿舍|苑|园|庭|府|城|坊|湾|郡|邸|居|阁|轩|院|里)"
    r"(?:\d{1,2}(?:期|区)|[东西南北中]区)?"
)
_COMPOUND_BEFORE_BUILDING = re.compile(rf"{_NOT_NUM}{{2,24}}?(?=第?[A-Za-z]?\d+[A-Za-z]?(?:号楼|栋|幢|座|#|单元|-\d))")
_BUILDING = re.compile(
    r"第?([A-Za-z]?\d+[A-Za-z]?|[A-Za-z])(?:号楼|栋|幢|座|#楼|#|号(?=\d+单元)|楼(?=\d+单元))|([A-Za-z]?\d+)(?=-\d)"
)
_UNIT = re.compile(r"-?(\d+)(?:单元|门(?=\d)|(?=-\d))")
_FLOOR = re.compile(r"(-\d+|负\d+|地下\d+|B\d+|\d+)(?:层|楼(?!\d*单元))")
_ROOM = re.compile(r"-?([A-Za-z]?\d{1,5}[A-Za-z]?)(?:室|房间|房|户|号|$)")


def _community(text: str) -> str:
    for long, short in (("社区居民委员会", "社区"), ("社区居委会", "社区"), ("村民委员会", "村"), ("村委会", "村")):
        if text.endswith(long):
            return text[: -len(long)] + short
    for long in ("居民委员会", "居委会"):
        if text.endswith(long):
            return text[: -len(long)] + "社区"
    return text


def _floor(value: str) -> str:
    if value.startswith(("负", "地下", "B")):
        value = "-" + value.lstrip("负地下B")
    return f"{value}层"


class Street:
    """The components found and how many characters the grammar recognised."""

    __slots__ = ("building", "community", "compound", "floor", "recognised", "road", "road_number", "room", "unit")

    def __init__(self) -> None:
        self.community = self.road = self.road_number = self.compound = ""
        self.building = self.unit = self.floor = self.room = ""
        self.recognised = 0


def parse_street(s: str) -> Street:
    """Community, road, number, compound, building, unit, floor and room, in that order; text the
    grammar cannot place is skipped one character at a time."""
    out = Street()
    pos, n, step = 0, len(s), 0
    room_said_number = False
    while pos < n:
        m = None
        if step <= 2 and not out.community and (m := _COMMUNITY.match(s, pos)):
            out.community, step = _community(m.group()), max(step, 1)
        elif step <= 1 and (m := _ROAD.match(s, pos) or _GROUP.match(s, pos)):
            out.road, step = m.group(), 2
        elif step <= 2 and (m := _NUMBER.match(s, pos)):
            out.road_number, step = m.group().replace("之", "-"), 3
        elif step <= 3 and (m := _COMPOUND.match(s, pos) or _COMPOUND_BEFORE_BUILDING.match(s, pos)):
            out.compound, step = m.group(), 4
        elif step <= 4 and (m := _BUILDING.match(s, pos)):
            out.building, step = f"{(m.group(1) or m.group(2)).upper()}栋", 5
        elif step <= 5 and (m := _UNIT.match(s, pos)):
            out.unit, step = f"{m.group(1)}单元", 6
        elif step <= 6 and (m := _FLOOR.match(s, pos)):
            out.floor, step = _floor(m.group(1)), 7
        elif step <= 7 and (m := _ROOM.match(s, pos)):
            out.room, step = f"{m.group(1).upper()}室", 8
            room_said_number = m.group().endswith("号")
        if m is None:
            pos += 1
            continue
        out.recognised += m.end() - pos
        pos = m.end()
    # 颐和花园12号: a number after the compound with no building or unit is the house number.
    if room_said_number and not (out.road_number or out.building or out.unit or out.floor):
        out.road_number, out.room = out.room[:-1] + "号", ""
    return out
