"""Two different labels on one page never read the same in Chinese (e.g. "Kept by" and "Owner"
both 管理单位 on a watch list left the reader guessing which column was which)."""

from __future__ import annotations

from collections import defaultdict

from jingwang.web.tests.test_translations import (
    PACKAGE_DIR,
    TEMPLATE_CONTEXT,
    TEMPLATE_TAG,
    _catalogue,
    _sources,
    _text,
)


def _same_word(a: str, b: str) -> bool:
    """Case and a trailing full stop or colon do not make a different label."""
    return a.lower().rstrip(".:") == b.lower().rstrip(".:")


def test_no_page_shows_two_labels_translated_alike() -> None:
    translations = {(e.msgctxt, e.msgid): e.msgstr for e in _catalogue().translated_entries() if not e.msgid_plural}
    problems = []
    for path in _sources(".html"):
        by_text: dict[str, set[str]] = defaultdict(set)
        for match in TEMPLATE_TAG.finditer(path.read_text(encoding="utf-8")):
            context = TEMPLATE_CONTEXT.search(match.group("rest"))
            msgid = _text(match.group("literal"))
            text = translations.get((_text(context.group("literal")) if context else None, msgid))
            if text:
                by_text[text].add(msgid)
        for text, msgids in by_text.items():
            distinct = sorted(msgids)
            if any(not _same_word(a, b) for a in distinct for b in distinct):
                problems.append(f"{path.relative_to(PACKAGE_DIR)}: {distinct} all read {text!r}")
    assert not problems, "labels on one page that read the same in Chinese:\n" + "\n".join(problems)
