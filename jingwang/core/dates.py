"""Dates as people write them: 1985-03-07, 19850307, 1985/3/7, 1985.3.7, 1985年3月7日."""

from __future__ import annotations

import re
from datetime import date

_FULLWIDTH = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")
_PATTERNS = [
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),
]


def parse_date(text: str | date | None) -> date | None:
    """A date from any of the usual Chinese spellings; None when empty; ValueError when unreadable."""
    if text is None or isinstance(text, date):
        return text
    value = text.strip().translate(_FULLWIDTH)
    if not value:
        return None
    for pattern in _PATTERNS:
        match = pattern.match(value)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
    raise ValueError(value)
