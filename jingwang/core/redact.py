"""Identifiers kept out of audit rows and logs (SECURITY 13, 21).

An ID or phone number typed into a search box, a filter or a purpose is replaced, wherever it stands
in the text, by its masked form (`320106********1234`, `138****5678`). For a search the audit row
also keeps the number's blind index beside it (`"q.index": ["id_number:…"]`), the same keyed hash
the person's record carries, so the audit administrator can still find every search for one
person's number without the trail ever holding the number."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from jingwang.core import crypto, identity

# A run of digits (ASCII or full-width), perhaps with spaces or hyphens between them, perhaps
# ending in the X of an ID number. Runs shorter than a local phone number are left alone.
_RUN = re.compile(r"(?<!\d)[+＋]?\d(?:[\s\-－]*\d)*(?:[\s\-－]*[XxＸｘ])?(?!\d)")
_MIN_DIGITS = 7
_LONGEST_WINDOW = 6  # pieces joined when a number was typed in groups: 138 1234 5678


def _identify(text: str) -> tuple[str, str, str] | None:
    """(kind, normalised, masked) when the text is a valid ID or phone number, else None."""
    compact = identity.clean_id_number(text).upper()
    if len(compact) in (15, 18):
        check = identity.check_id_number(compact)
        if check.valid:
            return "id_number", check.normalized, identity.mask_id_number(check.normalized)
    phone = identity.check_phone(text)
    if phone.valid:
        return "phone", phone.normalized, identity.mask_phone(phone.normalized)
    return None


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _mask_run(run: str, found: list[tuple[str, str]]) -> str:
    parts = re.split(r"(\s+)", run)
    words, gaps = parts[::2], parts[1::2]
    out: list[str] = []
    i = 0
    while i < len(words):
        if i:
            out.append(gaps[i - 1])
        for j in range(min(len(words), i + _LONGEST_WINDOW), i, -1):
            candidate = "".join(w + (gaps[k] if k < j - 1 else "") for k, w in enumerate(words[i:j], start=i))
            hit = _identify(candidate) if _digits(candidate) >= _MIN_DIGITS else None
            if hit is not None:
                found.append((hit[0], hit[1]))
                out.append(hit[2])
                i = j
                break
        else:
            out.append(words[i])
            i += 1
    return "".join(out)


def _mask_long(match: re.Match[str]) -> str:
    run = match.group(0)
    return identity.mask_id_number(identity.clean_id_number(run)) if _digits(run) >= 15 else run


def mask_text(text: str, found: list[tuple[str, str]] | None = None) -> str:
    """The text with every ID and phone number in it masked; (kind, number) pairs go to `found`.
    What is left with fifteen digits or more in a row (an ID number with a typo, typed in groups)
    is masked too."""
    if _digits(text) < _MIN_DIGITS:
        return text
    sink: list[tuple[str, str]] = [] if found is None else found
    text = _RUN.sub(lambda m: _mask_run(m.group(0), sink) if _digits(m.group(0)) >= _MIN_DIGITS else m.group(0), text)
    return _RUN.sub(_mask_long, text)


def blind_index(kind: str, number: str) -> str:
    context = crypto.ID_NUMBER_CONTEXT if kind == "id_number" else crypto.PHONE_CONTEXT
    return f"{kind}:{crypto.blind_index(number, context=context)}"


def _protect(value: Any, found: list[tuple[str, str]]) -> Any:
    if isinstance(value, str):
        return mask_text(value, found)
    if isinstance(value, list | tuple):
        return [_protect(v, found) for v in value]
    if isinstance(value, dict):
        return protect_query(value)
    return value


def protect_query(query: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A query as the audit trail keeps it: identifiers masked, each with its blind index beside it
    under `<key>.index`. Cheap when there is nothing to mask (the common case)."""
    if not query:
        return None if query is None else {}
    out: dict[str, Any] = {}
    for key, value in query.items():
        found: list[tuple[str, str]] = []
        out[key] = _protect(value, found)
        if found:
            out[f"{key}.index"] = sorted({blind_index(kind, number) for kind, number in found})
    return out
