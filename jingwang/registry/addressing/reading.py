"""Which divisions the front of an address names: tokens read against the national table, then
settled into one place.

Every name or short form found at the front is a token that may stand for several divisions (鼓楼
is in four cities). The deepest reading that the most earlier tokens agree with wins (a township
must lie under the county, city and province the text names, so a later part settles an earlier
ambiguous one). Readings tied between unrelated places fall back to what they share (河南 +
城关镇 → 河南省 only), unless `prefer` names the part of the country the caller works in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from jingwang.registry.addressing.divisions import DivisionIndex, Hit, Place

_STREET_START = frozenset("路街道巷弄里胡村社居小花园苑府庭号栋幢座楼单室门桥")
_DIRECTION = frozenset("东西南北中")
_ROADISH = frozenset("路街大道巷")
# Suffixes a short form may be followed by: an official one it lost or an old one (江宁县 for
# 江宁区). 市 before 场 is a market (朝阳市场), not a city.
_VARIANT_SUFFIXES = ("特别行政区", "自治区", "自治州", "地区", "街道", "省", "市", "区", "县", "旗", "盟", "镇", "乡")


def _reads_as_street(s: str, end: int, index: DivisionIndex) -> bool:
    """Whether the text after a short form makes it the start of a street or a place name
    (北京西路, 湖南路, 鼓楼街, 中山花园), so it is not a division. A division name starting right
    there (长宁花滩镇, 朝阳东大道乡) keeps the short form a division."""
    if end >= len(s):
        return False
    ch = s[end]
    if ch in _STREET_START:
        streetlike = not s.startswith("街道", end)
    elif s.startswith(("大道", "大街", "大厦"), end):
        streetlike = True
    else:
        # 鼓楼东街街道 is a township after a county; 北京西路 is a road.
        streetlike = ch in _DIRECTION and s[end + 1 : end + 2] in _ROADISH and not s.startswith("街道", end + 2)
    return streetlike and not _names_at(s, end, index)


def _names_at(s: str, pos: int, index: DivisionIndex) -> bool:
    n = len(s)
    if pos >= n:
        return False
    names = index.names
    return any(pos + length <= n and s[pos : pos + length] in names for length in index.lengths.get(s[pos], ()))


def _variant_suffix(s: str, end: int, index: DivisionIndex) -> int:
    """Past a suffix written after a short form, unless a division name starts right after the
    short form (尧都县底镇 is 尧都 + 县底镇; 江苏镇江 is 江苏 + 镇江)."""
    if _names_at(s, end, index):
        return end
    for suffix in _VARIANT_SUFFIXES:
        if s.startswith(suffix, end):
            if suffix == "市" and s.startswith("场", end + 1):
                return end
            return end + len(suffix)
    return end


Token = tuple[int, int, tuple[Hit, ...]]


def _readings(s: str, pos: int, index: DivisionIndex) -> Iterator[Token]:
    """The division names that can be read at `pos`, longest first."""
    names = index.names
    n = len(s)
    for length in index.lengths.get(s[pos], ()):
        end = pos + length
        if end > n:
            continue
        hits = names.get(s[pos:end])
        if hits is None:
            continue
        if not all(exact for _, exact in hits):
            if _reads_as_street(s, end, index):
                hits = tuple(h for h in hits if h[1])
                if not hits:
                    continue
            elif not any(exact for _, exact in hits):
                end = _variant_suffix(s, end, index)
        if s.startswith("办事处", end):
            end += 3
        yield (pos, end, hits)


def _depth(token: Token, prior: set[str], places: dict[str, Place]) -> int:
    """The level of the deepest division named earlier that some reading of `token` lies under
    (0 when none does)."""
    best = 0
    for code, _ in token[2]:
        path = places[code].path
        for k in range(len(path) - 2, -1, -1):
            if path[k] in prior:
                best = max(best, places[path[k]].level)
                break
    return best


def _fits(token: Token, prior: set[str], places: dict[str, Place]) -> bool:
    """Whether some reading of `token` lies under a division named earlier."""
    return any(not prior.isdisjoint(places[code].path[:-1]) for code, _ in token[2])


# Development zones and parks are not divisions but people write them between divisions
# (苏州市工业园区, 成都市高新区桂溪街道); they are read past.
ZONE = re.compile(
    r"[^\d路街巷道号]{0,8}?(?:高新技术产业开发区|经济技术开发区|高新技术开发区|经济开发区|高新区|开发区|工业园区|保税区)"
)

# An address names at most a province, a city, a county and a township, sometimes one twice; the
# cap keeps text made of nothing but place names (城关城关城关…) from costing more than an address.
_MAX_TOKENS = 8


def _township_only(token: Token) -> bool:
    return all(len(code) == 9 for code, _ in token[2])


def _codes(tokens: list[Token]) -> set[str]:
    return {code for token in tokens for code, _ in token[2]}


def scan(
    s: str, index: DivisionIndex, pos: int = 0, prior: set[str] | None = None, nested: bool = False
) -> list[Token]:
    """Division names read from the front of `s`, longest first at each position, until text
    that names no division. Three exceptions to longest-first, each from the text around:
    - a shorter reading under a more specific division named earlier beats a longer one that is
      not an official name under it (陕西榆林子洲: 榆林 under 陕西, not the township 榆林子 in 甘肃);
    - when what follows the longest reading names nothing under it, a shorter one followed by a
      name is taken (枣庄市中区: 枣庄 + 市中区, not 枣庄市 + 中区);
    - when the longest reading is a township (which ends the divisions), a shorter reading with
      a division under it following is taken (喀什塔什库尔干…: 喀什 + 塔什库尔干塔吉克自治县,
      not the township 喀什塔什乡)."""
    tokens: list[Token] = []
    base = set(prior or ())
    prior = set(base)
    places = index.places
    n = len(s)
    while pos < n and len(tokens) < _MAX_TOKENS:
        readings = _readings(s, pos, index)
        found = next(readings, None)
        if found is not None and prior:
            # The longest reading unless it is not an official name and a shorter one lies under
            # a more specific division named earlier (浑南区满堂红旗北路: 满堂 in 浑南区, not
            # 满堂红(镇)+旗 elsewhere in 辽宁); an official name that fits at all stays.
            want = max(places[code].level for code in prior)
            depth = _depth(found, prior, places)
            official = depth > 0 and any(exact for _, exact in found[2])
            for other in readings if depth < want and not official else ():
                if (d := _depth(other, prior, places)) > depth:
                    found, depth = other, d
                    if depth == want:
                        break
        if tokens and (found is None or not _fits(found, prior, places)):
            last = tokens[-1]
            shorter = next(
                (r for r in _readings(s, last[0], index) if r[1] < last[1] and r[1] < n and _names_at(s, r[1], index)),
                None,
            )
            if shorter is not None:
                tokens[-1] = shorter
                prior = base | _codes(tokens)
                pos = shorter[1]
                continue
        if tokens and (found is None or not _fits(found, prior, places)):
            zone = ZONE.match(s, pos)
            if zone is not None:
                pos = zone.end()
                continue
        if found is None:
            break
        if _township_only(found):
            tokens += [found] if nested else _further(s, index, found, prior)
            break  # nothing lies below a township: the street begins
        tokens.append(found)
        prior.update(code for code, _ in found[2])
        pos = found[1]
    return tokens


def _further(s: str, index: DivisionIndex, township: Token, prior: set[str]) -> list[Token]:
    """`township`, or a shorter reading at its start naming a division not named yet, when the
    names after it lie under it and reach further into the text."""
    places = index.places
    names, start = index.names, township[0]
    for length in index.lengths[s[start]]:
        end = start + length
        if end >= township[1]:
            continue
        hits = names.get(s[start:end])
        # Cheap test first: a county or higher, not named yet, under what was named.
        if hits and any(len(code) < 9 and code not in prior for code, _ in hits):
            break
    else:
        return [township]
    best, reach = [township], township[1]
    for shorter in _readings(s, start, index):
        if shorter[1] >= township[1]:
            continue
        above = tuple(h for h in shorter[2] if len(h[0]) < 9 and h[0] not in prior)
        if not above or (prior and not _fits((start, shorter[1], above), prior, places)):
            continue
        codes = {code for code, _ in above}
        rest = scan(s, index, shorter[1], prior | codes, nested=True)
        for token in rest:
            if not _fits(token, codes, places):
                break
            codes.update(code for code, _ in token[2])
        else:
            if rest and rest[-1][1] > reach:
                best, reach = [(start, shorter[1], above), *rest], rest[-1][1]
    return best


@dataclass(slots=True)
class Settled:
    """The division the text settles on (None: none), and where the street part begins."""

    place: Place | None
    end: int  # where the street part begins
    preferred: bool = False
    skipped: int = 0


def _prefix(prefer: str) -> str:
    """A division code as the prefix its descendants share: 320100 → 3201, 110000 → 11."""
    p = prefer.strip()
    if len(p) == 6:
        while p.endswith("00") and len(p) > 2:
            p = p[:-2]
    return p


def _one_line(places: list[Place]) -> Place | None:
    """The deepest of `places` if all the others are its ancestors, else None."""
    deepest = max(places, key=lambda p: p.level)
    path = deepest.path
    return deepest if all(p.code in path for p in places) else None


def _support(ancestors: tuple[str, ...], sets: list[set[str]]) -> list[int]:
    """The earlier tokens that name an ancestor, each a different one and in order from the
    province down (濮阳濮阳城关镇: the first 濮阳 is the city, the second the county)."""
    support, k = [], 0
    for i, codes in enumerate(sets):
        for m in range(k, len(ancestors)):
            if ancestors[m] in codes:
                support.append(i)
                k = m + 1
                break
    return support


def settle(tokens: list[Token], index: DivisionIndex, prefer: str) -> Settled:
    """The place the tokens name together (see the module docstring)."""
    if not tokens:
        return Settled(None, 0)
    places = index.places
    sets = [{code for code, _ in hits} for _, _, hits in tokens]
    best, tied = -1, []  # (place, token index, supporting token indexes)
    for j, codes in enumerate(sets):
        for code in codes:
            place = places[code]
            support = _support(place.path[:-1], sets[:j])
            if len(support) > best:
                best, tied = len(support), [(place, j, support)]
            elif len(support) == best:
                tied.append((place, j, support))

    def settled(place: Place, preferred: bool = False) -> Settled:
        used = [(j, support) for p, j, support in tied if p is place]
        j, support = used[0]
        chain = {j, *support}
        end = max(tokens[i][1] for i in chain)
        skipped = sum(1 for i in range(max(chain)) if i not in chain)
        return Settled(place, end, preferred, skipped)

    if len(tied) == 1:
        return settled(tied[0][0])
    candidates = [p for p, _, _ in tied]
    line = _one_line(candidates)
    if line is not None:
        return settled(line)
    # A name that is a county or higher here and only a township elsewhere means the county
    # (北京 alone is the city, not 北京街道 in 广州; 江宁 is 江宁区).
    above = [p for p in candidates if p.level < 4]
    line = _one_line(above) if above and len(above) < len(candidates) else None
    if line is not None:
        return settled(line)
    first = min(j for _, j, _ in tied)
    if best > 0 and any(j != first for _, j, _ in tied):
        # Two townships of the named county: the first ends the divisions, the later one is
        # street text (站前解放北大街 in 铁东区, where 解放 is also a township).
        line = _one_line([p for p, j, _ in tied if j == first])
        if line is not None:
            return settled(line)
    if prefer:
        pfx = _prefix(prefer)
        near = [p for p in candidates if p.code.startswith(pfx)]
        line = _one_line(near) if near else None
        if line is not None:
            return settled(line, preferred=True)
    # Unrelated places fit equally well: keep what they share, if anything.
    common = set(candidates[0].path)
    for p in candidates[1:]:
        common &= set(p.path)
    shared = max((places[c] for c in common), key=lambda p: p.level, default=None)
    # The tied tokens are division text all the same when one of them is written in full.
    tied_tokens = {j for _, j, _ in tied} | {i for _, _, support in tied for i in support}
    written = [i for i in tied_tokens if any(exact for _, exact in tokens[i][2])]
    end = max((tokens[i][1] for i in written), default=0)
    if shared is not None:
        end = max([end, *(tokens[i][1] for i in tied_tokens if shared.code in sets[i])])
    return Settled(shared, end)
