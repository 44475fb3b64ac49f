"""The interface speaks Simplified Chinese by default: the catalogue is complete, compiled and used.

Refreshing the catalogue after adding or changing strings (needs GNU gettext: apt-get install gettext):

    cd jingwang
    export DJANGO_SETTINGS_MODULE=jingwang.settings_test PYTHONPATH=..
    ../.venv/bin/django-admin makemessages -l zh_Hans --ignore=tests --ignore="*/tests/*" --ignore=static
    # translate every new or `#, fuzzy` entry in locale/zh_Hans/LC_MESSAGES/django.po, drop the fuzzy flags
    ../.venv/bin/django-admin compilemessages -l zh_Hans
    # commit both django.po and django.mo: machines without gettext cannot compile

These tests need no gettext (polib reads and compiles), so they run on a fresh machine too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]
import pytest
from django.conf import settings

PACKAGE_DIR = Path(__file__).resolve().parents[2]
CATALOGUE_DIR = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
PO_FILE = CATALOGUE_DIR / "django.po"
MO_FILE = CATALOGUE_DIR / "django.mo"
REFRESH = (
    "refresh it: cd jingwang && ../.venv/bin/django-admin makemessages -l zh_Hans --ignore=tests "
    '--ignore="*/tests/*" --ignore=static, translate, then ../.venv/bin/django-admin compilemessages -l zh_Hans'
)

# The folders makemessages is told to skip (see REFRESH), plus caches.
SKIPPED_DIRS = {"tests", "static", "locale", "__pycache__"}

# A one-line string literal in either quote style, with escapes; prefixes (f, r, b) never match.
_LITERAL = r"""(?P<literal>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
# _("..."), gettext("..."), gettext_lazy("..."), also as translation.gettext(...); the literal must be
# the whole first argument, so implicit concatenation and expressions are left alone.
PY_CALL = re.compile(r"(?<![\w])(?:_|gettext|gettext_lazy)\(\s*" + _LITERAL + r"\s*[,)]")
# {% translate "..." %} / {% trans '...' %}, with optional noop / as var / context "...".
TEMPLATE_TAG = re.compile(r"\{%\s*(?:translate|trans)\s+" + _LITERAL + r"(?P<rest>[^%]*)%\}")
TEMPLATE_CONTEXT = re.compile(r"\bcontext\s+" + _LITERAL)
# {% blocktranslate [with ...] [trimmed] [context "..."] %}...{% endblocktranslate %}, singular only.
TEMPLATE_BLOCK = re.compile(
    r"\{%\s*blocktrans(?:late)?\b(?P<options>[^%]*)%\}(?P<body>.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.DOTALL
)
TEMPLATE_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
# _("...") used as a filter argument in a template: {{ x|default:_("None") }}.
TEMPLATE_UNDERSCORE = re.compile(r"(?<![\w])_\(" + _LITERAL + r"\)")


def _catalogue() -> polib.POFile:
    assert PO_FILE.is_file(), f"{PO_FILE} is missing; {REFRESH}"
    return polib.pofile(str(PO_FILE))


def _sources(*suffixes: str) -> list[Path]:
    found: list[Path] = []
    for path in sorted(PACKAGE_DIR.rglob("*")):
        rel = path.relative_to(PACKAGE_DIR)
        if path.suffix not in suffixes or not path.is_file():
            continue
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in rel.parts[:-1]):
            continue
        found.append(path)
    return found


def _text(literal: str) -> str:
    return str(ast.literal_eval(literal))


def _block_msgid(options: str, body: str) -> str | None:
    """The msgid makemessages makes of a blocktranslate body: % doubled, {{ var }} as %(var)s."""
    if "{%" in body or re.search(r"\bcount\b", options):
        return None  # plural forms and nested tags: beyond this scan
    if re.search(r"\btrimmed\b", options):
        body = " ".join(line.strip() for line in body.splitlines() if line.strip())
    parts = TEMPLATE_VARIABLE.split(body)
    return "".join(part.replace("%", "%%") if i % 2 == 0 else f"%({part})s" for i, part in enumerate(parts))


def _mo_entries(mo: polib.MOFile) -> dict[tuple[str | None, str], Any]:
    entries: dict[tuple[str | None, str], Any] = {}
    for entry in mo:
        value = tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
        entries[(entry.msgctxt, entry.msgid)] = value
    return entries


def test_every_message_has_a_chinese_translation() -> None:
    po = _catalogue()
    assert not po.metadata_is_fuzzy, "the catalogue header is still marked fuzzy"
    assert po.metadata.get("Language") == "zh_Hans"
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals=1;"), "Chinese has one plural form"
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not entry.msgstr_plural.get(0):
                problems.append(f"untranslated plural: {entry.msgid!r}")
        elif not entry.msgstr.strip():
            problems.append(f"untranslated: {entry.msgid!r}")
    assert not problems, f"{len(problems)} entries need a Chinese translation:\n" + "\n".join(problems)


def test_translations_keep_every_placeholder() -> None:
    placeholder = re.compile(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrx%]")
    problems = []
    for entry in _catalogue().translated_entries():
        wanted = sorted(placeholder.findall(entry.msgid))
        for text in [entry.msgstr] if not entry.msgid_plural else entry.msgstr_plural.values():
            if sorted(placeholder.findall(text)) != wanted:
                problems.append(f"{entry.msgid!r} -> {text!r}")
    assert not problems, "translations that lose or add placeholders:\n" + "\n".join(problems)


def test_compiled_catalogue_matches_the_source(tmp_path: Path) -> None:
    assert MO_FILE.is_file(), f"{MO_FILE} is missing: run compilemessages and commit it ({REFRESH})"
    fresh = tmp_path / "django.mo"
    _catalogue().save_as_mofile(str(fresh))
    expected = _mo_entries(polib.mofile(str(fresh)))
    committed = _mo_entries(polib.mofile(str(MO_FILE)))
    stale = sorted(key[1] for key, value in expected.items() if committed.get(key) != value)
    extra = sorted(key[1] for key in committed.keys() - expected.keys())
    assert not stale and not extra, (
        "django.mo is out of date with django.po: run compilemessages "
        "(cd jingwang && ../.venv/bin/django-admin compilemessages -l zh_Hans) and commit django.mo.\n"
        f"missing or different in the .mo: {stale[:20]}\nonly in the .mo: {extra[:20]}"
    )


def _messages_in_code() -> dict[tuple[str | None, str], list[str]]:
    found: dict[tuple[str | None, str], list[str]] = {}

    def add(context: str | None, msgid: str, path: Path, text: str, pos: int) -> None:
        where = f"{path.relative_to(PACKAGE_DIR)}:{text.count(chr(10), 0, pos) + 1}"
        found.setdefault((context, msgid), []).append(where)

    for path in _sources(".py"):
        text = path.read_text(encoding="utf-8")
        for m in PY_CALL.finditer(text):
            add(None, _text(m["literal"]), path, text, m.start())
    for path in _sources(".html", ".txt"):
        text = path.read_text(encoding="utf-8")
        for m in TEMPLATE_TAG.finditer(text):
            ctx = TEMPLATE_CONTEXT.search(m["rest"])
            add(_text(ctx["literal"]) if ctx else None, _text(m["literal"]), path, text, m.start())
        for m in TEMPLATE_BLOCK.finditer(text):
            msgid = _block_msgid(m["options"], m["body"])
            ctx = TEMPLATE_CONTEXT.search(m["options"])
            if msgid is not None:
                add(_text(ctx["literal"]) if ctx else None, msgid, path, text, m.start())
        for m in TEMPLATE_UNDERSCORE.finditer(text):
            add(None, _text(m["literal"]), path, text, m.start())
    return found


def _by_msgid(item: tuple[tuple[str | None, str], list[str]]) -> tuple[str, str]:
    (context, msgid), _where = item
    return msgid, context or ""


def test_catalogue_covers_every_message_in_the_code() -> None:
    po = _catalogue()
    known = {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}
    found = _messages_in_code()
    assert len(found) > 100, "the source scan found almost nothing: check its patterns"
    missing = [
        f"{msgid!r} ({', '.join(where)})"
        for (ctx, msgid), where in sorted(found.items(), key=_by_msgid)
        if (ctx, msgid) not in known
    ]
    assert not missing, f"messages in the code that the catalogue lacks; {REFRESH}\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [(None, "登录", "Sign in"), ("header", "Sign in", "登录"), ("cookie", "Sign in", "登录")],
    ids=["default", "accept-language", "language-cookie"],
)
def test_pages_speak_chinese_by_default_and_english_on_request(
    client: Any, db: Any, language: str | None, expected: str, absent: str
) -> None:
    headers: dict[str, str] = {}
    if language == "header":
        headers["HTTP_ACCEPT_LANGUAGE"] = "en"
    elif language == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/accounts/login/", **headers)
    assert response.status_code == 200
    body = response.content.decode()
    assert expected in body
    assert absent not in body
    if language is None:
        assert 'lang="zh-CN"' in body
        assert "用户名" in body and "密码" in body  # form labels are translated too
    else:
        assert 'lang="en"' in body
