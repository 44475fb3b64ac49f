"""The street part of an address: community, village group, road, number, compound, building, unit,
floor, room, and notes.

A small grammar applied left to right, each component at most once and in that order (a
community may also follow the road); values come out normalised (3幢 → 3栋, 二单元 → 2单元,
5楼 → 5层, 502 → 502室, 七队 → 7组).

The village group (村民小组, GA/T 2000.32 level 34; 队 in some provinces) is its own component,
never a road. Words people add about where or what the place is (门面房, 对面, 附近, 旁, 后面平房,
东门) are notes: kept apart, wherever they stand, so the room and the compound around them are
still read.
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
# 村民小组 (居民小组 in towns); 队, 生产队 and 小队 are older or regional names for it. 组团 is a
# part of a compound, not a group.
_GROUP = re.compile(r"第?(\d{1,3})(?:村民小组|居民小组|小组|组(?!团)|生产队|小队|队)")
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
# Where the place is (对面, 附近, 旁, 东门, 东50米) or what it is used as (门面房, 平房, 车库):
# one or more such words in a row make a note. Not when a name goes on after them (东门社区,
# 平房村, 北门外大街): then they are part of that name.
NOTE_WORDS = (
    "斜对面|正对面|对面|对过|附近|旁边|边上|隔壁|旁|后面|后边|后头|背后|前面|前边|里面|楼下|门口|门前|拐角"
    "|[东西南北](?:侧|边|面|头)|[东西南北正侧后]门|(?:往|向)?[东西南北]{1,2}(?:方向)?\\d+米处?"
    "|门面房|门面|门市房|门市部|门市|商铺|铺面|底商|平房|车库|地下室|储藏室|杂物间|自建房|出租屋|彩钢房|板房|简易房"
)
NOTE = re.compile(rf"(?:{NOTE_WORDS})+(?![社村路街巷道弄里小花园苑府庭城坊湾大新广区市镇乡外内口])")
_ROOM = re.compile(rf"-?([A-Za-z]?\d{{1,5}}[A-Za-z]?)(?:室|房间|房|户|号|$|(?={NOTE_WORDS}))")


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


_GROUP_FIRST = frozenset("0123456789第")
_NOTE_FIRST = frozenset("斜正对附旁边隔后背前里楼门拐东西南北往向商铺底平车地储杂自出彩板简")


class Street:
    """The components found, the notes, and how many characters the grammar recognised."""

    __slots__ = (
        "building",
        "community",
        "compound",
        "floor",
        "group",
        "notes",
        "recognised",
        "road",
        "road_number",
        "room",
        "unit",
    )

    def __init__(self) -> None:
        self.community = self.group = self.road = self.road_number = self.compound = ""
        self.building = self.unit = self.floor = self.room = ""
        self.notes: list[str] = []
        self.recognised = 0


def parse_street(s: str) -> Street:
    """Community, village group, road, number, compound, building, unit, floor and room, in that
    order, and notes anywhere; text the grammar cannot place is skipped one character at a time."""
    out = Street()
    pos, n, step = 0, len(s), 0
    room_said_number = False
    while pos < n:
        m = None
        if s[pos] in _NOTE_FIRST and (m := NOTE.match(s, pos)):
            out.notes.append(m.group())
        elif step <= 2 and not out.community and (m := _COMMUNITY.match(s, pos)):
            out.community, step = _community(m.group()), max(step, 1)
        elif (
            step <= 4 and s[pos] in _GROUP_FIRST and not out.group and not out.building and (m := _GROUP.match(s, pos))
        ):
            # A group follows its village (and may come before a road); a natural village's name
            # (王家湾三组) may stand between, read as the compound.
            out.group, step = f"{int(m.group(1))}组", max(step, 1)
        elif step <= 1 and (m := _ROAD.match(s, pos)):
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
