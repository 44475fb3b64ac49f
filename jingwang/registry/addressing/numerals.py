"""Digits in addresses: full-width forms folded to ASCII, Chinese numerals to Arabic where they count.

Chinese numerals are converted only where they number something (三号楼, 二单元, 五〇二室, 十二栋,
a trailing room number), never inside names: 三里屯, 五一路, 七里河区 and 八一社区 keep their
characters, because a numeral run is converted only when a counting suffix follows it or it ends
the text.
"""

from __future__ import annotations

import re

# U+FF01..U+FF5E are ASCII 0x21..0x7E shifted; U+3000 is the ideographic space. A few punctuation
# marks people type in Chinese text are folded to their ASCII look-alikes too.
HALFWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
HALFWIDTH.update({0x3000: 0x20, 0x2014: ord("-"), 0x2013: ord("-"), 0x2212: ord("-"), 0xFE63: ord("-")})

DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "幺": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}

# What a numeral may count in an address. 里 and 路 are left out on purpose (三里屯, 五一路).
_COUNTED = "号|栋|幢|座|单元|层|楼|室|房|户|弄|组|村民小组|居民小组|小组|队|生产队|小队|期|门|排|区|-|#|$"
_RUN = re.compile(rf"[〇零一幺壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟]+(?={_COUNTED})")


def to_halfwidth(text: str) -> str:
    """Full-width letters, digits and punctuation to ASCII; the ideographic space to a space."""
    return text.translate(HALFWIDTH)


def numeral_value(run: str) -> int | None:
    """The value of a Chinese numeral: positional (十二 → 12, 一百零五 → 105) or digit by digit
    (五〇二 → 502, 幺二 → 12). None when `run` is not a well-formed numeral."""
    if not run:
        return None
    if not any(ch in UNITS for ch in run):
        value = 0
        for ch in run:
            digit = DIGITS.get(ch)
            if digit is None:
                return None
            value = value * 10 + digit
        return value
    total, pending, last_unit = 0, None, 10_000
    for ch in run:
        if ch in DIGITS:
            if pending is not None and DIGITS[ch] != 0:
                return None  # two digits in a row in a positional numeral: 二三十
            pending = DIGITS[ch] if DIGITS[ch] != 0 else None
        elif ch in UNITS:
            unit = UNITS[ch]
            if unit >= last_unit:
                return None  # 十百, 百百
            total += (pending if pending is not None else 1) * unit
            pending, last_unit = None, unit
        else:
            return None
    return total + (pending or 0)


def _replace(match: re.Match[str]) -> str:
    run = match.group(0)
    # A bare unit (千户, 百户) names something rather than counting it; 十 alone is ten.
    if run != "十" and not any(ch in DIGITS for ch in run):
        return run
    value = numeral_value(run)
    if value is None:
        return run
    if not any(ch in UNITS for ch in run):
        return str(value).zfill(len(run))  # keep leading zeros: 〇五 → 05
    return str(value)


def arabic_numerals(text: str) -> str:
    """Chinese numerals that count a building, unit, floor, room, number or lane, as Arabic digits."""
    return _RUN.sub(_replace, text)
