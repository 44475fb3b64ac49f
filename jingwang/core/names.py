"""Search keys for Chinese names: pinyin with the surname read as a surname.

pypinyin has no surname mode (单 reads dan, 曾 ceng, 解 jie), so the first character goes through
a table of surname readings first. Pinyin is a search key only: 张伟, 章伟 and 张玮 share it.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Surnames whose reading differs from the character's most common one, and compound surnames.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha",
    "盖": "ge", "乐": "yue", "任": "ren", "沈": "shen", "翟": "zhai", "缪": "miao", "尉": "yu",
    "覃": "qin", "莘": "shen", "员": "yun", "秘": "bi", "繁": "po", "種": "chong", "种": "chong",
    "洗": "xian", "冼": "xian", "过": "guo", "长": "chang", "重": "chong", "句": "gou", "都": "du",
    "万俟": "moqi", "尉迟": "yuchi", "单于": "chanyu", "澹台": "tantai", "长孙": "zhangsun",
}  # fmt: skip
COMPOUND_SURNAMES = {k for k in SURNAME_READINGS if len(k) == 2} | {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "公孙", "慕容", "令狐", "宇文", "夏侯", "司徒", "端木",
}  # fmt: skip


def split_name(name: str) -> tuple[str, str]:
    name = name.strip()
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


@lru_cache(maxsize=65536)
def _reading(text: str) -> str:
    # Surname and given name are read separately, so each part is cached on its own: a district
    # holds hundreds of thousands of distinct full names but only thousands of given names.
    return "".join(lazy_pinyin(text, style=Style.NORMAL)) if text else ""


@lru_cache(maxsize=65536)
def name_pinyin(name: str) -> str:
    """`单明` → `shanming`; letters only, no tones, no spaces."""
    name = "".join(name.split())
    if not name:
        return ""
    surname, given = split_name(name)
    head = SURNAME_READINGS.get(surname) or _reading(surname)
    return "".join(ch for ch in (head + _reading(given)).lower() if ch.isalnum())


def is_pinyin_query(text: str) -> bool:
    return bool(text) and text.isascii() and text.replace(" ", "").isalpha()


def normalize_pinyin(text: str) -> str:
    return "".join(text.lower().split())
