"""A synthetic evaluation set: addresses as people write them, with the answer each should give.

Only the division names are real (from the national table); communities, roads, numbers,
compounds and rooms are invented. The variants cover what field notes say people write: full
forms, names without suffixes (江苏南京鼓楼), a missing province or city, the four municipalities,
county-level cities directly under a province (济源, 仙桃), county names that repeat across the
country settled by the city or the township, full-width digits, Chinese numerals, the several
ways of writing building, unit, floor and room, and separators or labels anywhere.

`FIELD_VARIANTS` are the styles grid workers and residents write that the first parser got wrong
(issue 16), kept apart so that `VARIANTS`, the benchmark's mix, stays comparable over time:
village groups (城阳乡长城村三组18号: the 村民小组 in Chinese or Arabic numerals, as 组, 队,
村民小组 or 第…组), notes about position or use before or after the room (门面房, 对面, 附近, 旁,
后面平房), and bracketed notes ((东门)) after the number, the compound or the room.

The abbreviations here are made independently of the parser's index: a suffix is dropped only
when at least two characters remain and no sibling division shortens to the same text (a person
could not be understood otherwise either).
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from jingwang.registry.addressing.divisions import MUNICIPALITIES, OLD_NAMES, Place, division_index

VARIANTS = (
    "full",
    "abbreviated",
    "no_province",
    "no_city",
    "county_and_township",
    "municipality",
    "county_city_under_province",
    "repeated_county",
    "fullwidth",
    "chinese_numerals",
    "building_forms",
    "noise",
    "township_short",
    "old_name",
)
FIELD_VARIANTS = ("village_group", "trailing_note", "bracketed_note")
ALL_VARIANTS = VARIANTS + FIELD_VARIANTS


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_ROAD_WORDS = _words(
    "建设 幸福 光明 和平 解放 人民 友谊 团结 胜利 文化 青年 红旗 东风 "
    "长江 黄河 中山 北京 湖南 新华 朝阳 学府 育才 翠柏 银杏 梧桐 丹桂 "
    "海棠 玉兰 紫荆 广源 振兴 繁荣 康宁 安和 永丰 兴业 德润 嘉禾 明珠"
)
_ROAD_SUFFIXES = ("路", "路", "路", "街", "大道", "大街", "巷")
_DIRECTIONS = ("", "", "", "东", "西", "南", "北", "中")
_COMPOUND_WORDS = _words(
    "锦绣 翠湖 金色 阳光 碧水 枫林 紫金 春江 丽景 星河 云栖 书香 绿洲 "
    "御景 华府 润泽 天悦 观澜 水岸 桃源 蓝湾 雅居 馨园 康城 汇景 怡和 "
    "望江 凤凰 梅岭 鹿鸣"
)
_COMPOUND_SUFFIXES = ("花园", "小区", "苑", "家园", "公寓", "新村", "华庭", "大厦", "山庄")
_COMMUNITY_WORDS = _words("东关 西关 南湖 北苑 前进 红星 向阳 柳树 杏林 石桥 沙河 清泉 白塔 马场 双井 桥东")
_VILLAGE_WORDS = _words("长城 红星 杨坪 古城 孟塬 白岔 罗洼 草庙 王洼 交岔 冯庄 小岔 罗堡 沟口 柳湾 崾岘 姚河 米塬")
_GROUP_FORMS = ("{}组", "{}组", "{}队", "第{}村民小组", "{}村民小组", "第{}组")
# The five the issue names first, then others heard as often.
_NOTES = ("门面房", "对面", "附近", "旁", "后面平房", "门面房", "对面", "附近", "旁", "后面平房", "旁边", "隔壁")
_BRACKET_NOTES = ("东门", "西门", "南门", "北门", "东侧", "正门", "超市旁", "原粮站", "小卖部对面")
_BRACKETS = (("(", ")"), ("（", "）"), ("【", "】"))
_SEPARATORS = (" ", " ", ",", "，", "、", "  ")
_LABELS = ("地址：", "住址:", "中国", "现住址：")

_CN_DIGITS = "〇一二三四五六七八九"
_FULLWIDTH = str.maketrans("0123456789-#", "０１２３４５６７８９－＃")


STREET_KEYS = ("community", "group", "road", "road_number", "compound", "building", "unit", "floor", "room", "note")


class SyntheticAddress(NamedTuple):
    """One test address: the text, the township it is in, and the components it should give."""

    text: str
    township_code: str
    components: dict[str, str]


def chinese_number(value: int, *, positional: bool) -> str:
    """12 → 十二 (positional) or 一二 (digit by digit); 502 → 五百零二 or 五〇二."""
    if not positional:
        return "".join(_CN_DIGITS[int(d)] for d in str(value))
    if value < 10:
        return _CN_DIGITS[value]
    if value < 20:
        return "十" + (_CN_DIGITS[value % 10] if value % 10 else "")
    if value < 100:
        return _CN_DIGITS[value // 10] + "十" + (_CN_DIGITS[value % 10] if value % 10 else "")
    hundreds, rest = divmod(value, 100)
    text = _CN_DIGITS[hundreds] + "百"
    if rest == 0:
        return text
    if rest < 10:
        return text + "零" + _CN_DIGITS[rest]
    return text + (_CN_DIGITS[rest // 10] + "十" + (_CN_DIGITS[rest % 10] if rest % 10 else ""))


_PLAIN_SUFFIXES = ("省", "市", "新区", "地区", "特区", "区", "县", "街道", "镇", "乡")
# A township written without its suffix must not read as a road or lane (宁海路街道 ↛ 宁海路).
_STREETLIKE = tuple("路街道巷弄里村")
_REGIONS = {"广西壮族自治区": "广西", "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆", "西藏自治区": "西藏"}
_REGIONS["内蒙古自治区"] = "内蒙古"


def _plain_short(name: str) -> str | None:
    if name in _REGIONS:
        return _REGIONS[name]
    if "自治" in name or "族" in name or name == "神农架林区":
        return None  # ethnic and forestry names are written in full here
    for suffix in _PLAIN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            return None if short.endswith(_STREETLIKE) else short
    return None


@dataclass(frozen=True)
class _Tables:
    places: dict[str, Place]
    townships: tuple[Place, ...]
    short: dict[str, str]  # code → a safe abbreviation
    old: dict[str, tuple[str, ...]]  # code → retired names of that division
    pools: dict[str, tuple[Place, ...]]
    settled_by_county: frozenset[str]  # townships that county name + township name pin down
    unique_in_province: frozenset[str]  # counties whose name no other county of the province has


@cache
def _tables() -> _Tables:
    places = division_index().places
    townships = tuple(p for p in places.values() if p.level == 4)
    siblings: dict[str, list[Place]] = defaultdict(list)
    for p in places.values():
        siblings[p.parent].append(p)
    short: dict[str, str] = {}
    for group in siblings.values():
        names = Counter(p.name for p in group)
        shorts = Counter(s for p in group if (s := _plain_short(p.name)))
        for p in group:
            s = _plain_short(p.name)
            if s and shorts[s] == 1 and names[s] == 0:
                short[p.code] = s
    old: dict[str, list[str]] = defaultdict(list)
    for old_name, parent, current in OLD_NAMES:
        code = next((p.code for p in siblings[parent] if p.name == current), None)
        if code:
            old[code].append(old_name)

    def county(t: Place) -> Place | None:
        return places[t.parent] if places[t.parent].level == 3 else None

    county_names = Counter(p.name for p in places.values() if p.level == 3)
    pair_count = Counter((c.name, t.name) for t in townships if (c := county(t)))
    settled = frozenset(t.code for t in townships if (c := county(t)) and pair_count[(c.name, t.name)] == 1)
    with_county = tuple(t for t in townships if county(t))
    pools = {
        "municipality": tuple(t for t in townships if t.path[0] in MUNICIPALITIES),
        "county_city_under_province": tuple(
            t for t in with_county if places[t.parent].parent not in MUNICIPALITIES and len(t.path) == 3
        ),
        "repeated_county": tuple(t for t in with_county if county_names[places[t.parent].name] > 1),
        "county_and_township": tuple(t for t in with_county if t.code in settled),
        "township_short": tuple(t for t in townships if t.code in short),
        "old_name": tuple(t for t in townships if t.parent in old),
        "village_group": tuple(t for t in townships if t.name.endswith(("乡", "镇"))),
    }
    in_province = Counter((p.path[0], p.name) for p in places.values() if p.level == 3)
    unique = frozenset(p.code for p in places.values() if p.level == 3 and in_province[(p.path[0], p.name)] == 1)
    return _Tables(places, townships, short, {c: tuple(v) for c, v in old.items()}, pools, settled, unique)


def _division_text(township: Place, variant: str, rng: random.Random, tables: _Tables) -> list[str]:
    """The division part as a list of pieces (joined with or without separators later)."""
    places = tables.places
    chain = [places[c] for c in township.path]
    province, town = chain[0], chain[-1]
    city = next((p for p in chain if p.level == 2), None)
    county = next((p for p in chain if p.level == 3), None)

    def name(p: Place, abbreviate: bool) -> str:
        return tables.short.get(p.code, p.name) if abbreviate else p.name

    if variant == "abbreviated":
        return [name(p, True) for p in chain[:-1]] + [town.name]
    if variant == "township_short":
        return [name(p, rng.random() < 0.5) for p in chain[:-1]] + [name(town, True)]
    if variant == "old_name" and county is not None and county.code in tables.old:
        before = [p.name for p in chain[:-2]]
        return [*before, rng.choice(tables.old[county.code]), town.name]
    if variant == "no_province" and city is not None:
        return [p.name for p in chain[1:]]
    if variant == "no_city" and city is not None and county is not None and county.code in tables.unique_in_province:
        return [province.name, county.name, town.name]
    if variant == "county_and_township" and county is not None:
        return [county.name, town.name]
    if variant == "municipality":
        return [name(province, rng.random() < 0.4), name(chain[1], rng.random() < 0.2), town.name]
    if variant == "county_city_under_province" and county is not None:
        if town.code in tables.settled_by_county and rng.random() < 0.3:
            return [county.name, town.name]
        return [name(province, rng.random() < 0.5), county.name, town.name]
    if variant == "repeated_county" and county is not None:
        if town.code in tables.settled_by_county and rng.random() < 0.5:
            return [county.name, town.name]  # the township alone tells which 鼓楼区
        return [name(p, rng.random() < 0.3) for p in chain[1:-1]] + [town.name]
    return [p.name for p in chain]


def _street(township: Place, rng: random.Random, digits: str, forms: bool) -> tuple[list[str], dict[str, str]]:
    """Street pieces and the components they should parse to. `digits` is ascii, fullwidth or
    chinese; `forms` varies how building, unit, floor and room are written."""
    expected = dict.fromkeys(STREET_KEYS, "")
    pieces: list[str] = []
    rural = township.name.endswith(("镇", "乡"))

    def num(value: int, *, positional: bool = False) -> str:
        if digits == "chinese":
            return chinese_number(value, positional=positional)
        return str(value).translate(_FULLWIDTH) if digits == "fullwidth" else str(value)

    if rng.random() < 0.4:
        kind = rng.choice(("村", "社区")) if rural else "社区"
        community = rng.choice(_COMMUNITY_WORDS) + kind
        pieces.append(community)
        expected["community"] = community
    road = rng.choice(_ROAD_WORDS) + rng.choice(_DIRECTIONS) + rng.choice(_ROAD_SUFFIXES)
    number = rng.randint(1, 999)
    pieces += [road, f"{num(number, positional=rng.random() < 0.5)}号"]
    expected["road"], expected["road_number"] = road, f"{number}号"
    if rng.random() < 0.25:
        return pieces, expected  # a house on a road
    compound = rng.choice(_COMPOUND_WORDS) + rng.choice(_COMPOUND_SUFFIXES)
    pieces.append(compound)
    expected["compound"] = compound
    building, unit = rng.randint(1, 30), rng.randint(1, 6)
    floor = rng.randint(1, 33)
    room = floor * 100 + rng.randint(1, 4)
    with_unit = rng.random() < 0.7
    expected["building"] = f"{building}栋"
    expected["unit"] = f"{unit}单元" if with_unit else ""
    expected["room"] = f"{room}室"
    if forms and with_unit and rng.random() < 0.2:
        pieces.append(f"{num(building)}-{num(unit)}-{num(room)}")
        return pieces, expected
    building_form = rng.choice(("幢", "栋", "号楼", "座", "#")) if forms else rng.choice(("栋", "幢"))
    pieces.append(f"{num(building, positional=True)}{building_form}")
    if with_unit:
        pieces.append(f"{num(unit)}单元")
    if forms and rng.random() < 0.3:
        pieces.append(f"{num(floor, positional=True)}{rng.choice(('层', '楼'))}")
        expected["floor"] = f"{floor}层"
    room_form = rng.choice(("室", "室", "房", "号", "")) if forms else "室"
    pieces.append(f"{num(room)}{room_form}")
    return pieces, expected


def _village(rng: random.Random) -> tuple[list[str], dict[str, str]]:
    """A village-group address: village (mostly), group, house number (mostly)."""
    expected = dict.fromkeys(STREET_KEYS, "")
    pieces: list[str] = []
    if rng.random() < 0.9:
        village = rng.choice(_VILLAGE_WORDS) + "村"
        pieces.append(village + ("委会" if rng.random() < 0.1 else ""))
        expected["community"] = village
    group = rng.randint(1, 15)
    numeral = chinese_number(group, positional=True) if rng.random() < 0.5 else str(group)
    pieces.append(rng.choice(_GROUP_FORMS).format(numeral))
    expected["group"] = f"{group}组"
    if rng.random() < 0.8:
        number = rng.randint(1, 120)
        pieces.append(f"{chinese_number(number, positional=True) if rng.random() < 0.2 else number}号")
        expected["road_number"] = f"{number}号"
    return pieces, expected


def _with_note(pieces: list[str], expected: dict[str, str], rng: random.Random) -> list[str]:
    """A note about position or use after the last piece, or before the room (门面房2501)."""
    note = rng.choice(_NOTES)
    expected["note"] = note
    if expected["room"]:
        if rng.random() < 0.5 and pieces[-1].endswith("室"):
            pieces[-1] = pieces[-1][:-1]  # 2501门面房: a bare room number before the note
        if rng.random() < 0.3:
            return [*pieces[:-1], note, pieces[-1]]
    return [*pieces, note]


def _with_bracket(pieces: list[str], expected: dict[str, str], rng: random.Random) -> list[str]:
    """A bracketed note after the number, the compound or the last piece."""
    note = rng.choice(_BRACKET_NOTES)
    expected["note"] = note
    opening, closing = rng.choice(_BRACKETS)
    spots = [len(pieces)]
    for key in ("road_number", "compound"):
        if expected[key]:
            spots.append(next(i for i, p in enumerate(pieces) if p == expected[key]) + 1)
    at = rng.choice(spots)
    return [*pieces[:at], opening + note + closing, *pieces[at:]]


def synthetic_addresses(n: int, seed: int = 0, variants: Sequence[str] | None = None) -> list[SyntheticAddress]:
    """`n` addresses, the variants taken in turn (all of `VARIANTS` unless narrowed; the
    `FIELD_VARIANTS` only when named)."""
    chosen = tuple(variants or VARIANTS)
    unknown = set(chosen) - set(ALL_VARIANTS)
    if unknown:
        raise ValueError(f"unknown variants: {sorted(unknown)}")
    tables = _tables()
    rng = random.Random(seed)
    out: list[SyntheticAddress] = []
    for k in range(n):
        variant = chosen[k % len(chosen)]
        township = rng.choice(tables.pools.get(variant) or tables.townships)
        divisions = _division_text(township, variant, rng, tables)
        digits = {"fullwidth": "fullwidth", "chinese_numerals": "chinese"}.get(variant, "ascii")
        if variant == "village_group":
            street, expected = _village(rng)
        else:
            street, expected = _street(township, rng, digits, forms=variant in ("building_forms", "noise"))
        if variant == "trailing_note":
            street = _with_note(street, expected, rng)
        elif variant == "bracketed_note":
            street = _with_bracket(street, expected, rng)
        if variant == "noise":
            text = rng.choice(("", *_LABELS))
            for piece in (*divisions, *street):
                text += piece + (rng.choice(_SEPARATORS) if rng.random() < 0.6 else "")
        else:
            text = "".join(divisions) + "".join(street)
        places = tables.places
        names = [places[c].name for c in township.path]
        parts = [expected[k] for k in ("community", "group", "road", "road_number", "compound", "building", "unit")]
        parts += ["" if expected["room"] else expected["floor"], expected["room"]]
        expected["canonical"] = "".join(names + parts)
        out.append(SyntheticAddress(text.strip(), township.code, expected))
    return out
