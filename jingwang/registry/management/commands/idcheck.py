"""`jingwang idcheck [FILE]`: check resident ID numbers, one a line, and write one JSON object a line.

Each object has the keys input, valid, normalized, birth_date (ISO date or null), sex ("male",
"female" or null: words rather than GB/T 2261.1's "1"/"2", so the output reads without a code
table), region_code, errors and warnings (messages in the active language, Chinese by default).
The derived keys are filled only for a valid number. Blank lines are skipped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from jingwang.core.identity import FEMALE, MALE, IdCheck, check_id_number

SEX_WORDS = {MALE: "male", FEMALE: "female"}


def id_check_record(check: IdCheck) -> dict[str, Any]:
    """The JSON object written for one line."""
    return {
        "input": check.input,
        "valid": check.valid,
        "normalized": check.normalized,
        "birth_date": check.birth_date.isoformat() if check.birth_date else None,
        "sex": SEX_WORDS.get(check.sex),
        "region_code": check.region_code,
        "errors": [p.message for p in check.errors],
        "warnings": [p.message for p in check.warnings],
    }


class Command(BaseCommand):
    help = (
        "Check resident ID numbers (GB 11643), one a line from FILE or standard input, and write one JSON "
        "object a line: input, valid, normalized, birth_date, sex, region_code, errors, warnings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default="-", help="a UTF-8 text file; - or nothing for stdin")
        parser.add_argument(
            "--language", metavar="CODE", help="language of the messages (default: the site's, zh-hans)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        language = opts["language"]
        if language is not None and not translation.check_for_language(language):
            raise CommandError(f"unknown language {language!r}")
        with translation.override(language or translation.get_language()):
            if opts["file"] == "-":
                self._run(sys.stdin)
                return
            try:
                with open(opts["file"], encoding="utf-8-sig") as lines:
                    self._run(lines)
            except OSError as exc:
                raise CommandError(f"cannot read {opts['file']}: {exc.strerror}") from None
            except UnicodeDecodeError:
                raise CommandError(f"{opts['file']} is not UTF-8 text") from None

    def _run(self, lines: Iterable[str]) -> None:
        write = self.stdout.write
        for line in lines:
            text = line.rstrip("\r\n")
            if not text.strip():
                continue
            write(json.dumps(id_check_record(check_id_number(text)), ensure_ascii=False))
