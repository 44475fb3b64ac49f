"""`jingwang address parse [FILE] [--prefer CODE]`: one JSON object per non-blank input line."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jingwang.registry.addressing import parse_address


def _lines(stream: TextIO) -> Iterator[str]:
    for line in stream:
        text = line.strip()
        if text:
            yield text


class Command(BaseCommand):
    help = "Standardise free-text addresses."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser(
            "parse",
            help="read addresses, one a line, from FILE or standard input; write one JSON object a line",
        )
        parse.add_argument("file", nargs="?", help="UTF-8 text file (default: standard input)")
        parse.add_argument(
            "--prefer", default="", metavar="CODE", help="division code that breaks ties (e.g. 320100 for 南京市)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        prefer = opts["prefer"]
        if prefer and not (prefer.isdigit() and len(prefer) in (6, 9)):
            raise CommandError(_("--prefer takes a 6- or 9-digit division code."))
        if opts["file"]:
            path = Path(opts["file"])
            if not path.is_file():
                raise CommandError(_("%(path)s: no such file.") % {"path": path})
            try:
                with path.open(encoding="utf-8-sig") as source:
                    self._parse(source, prefer)
            except UnicodeDecodeError:
                raise CommandError(_("%(path)s: not UTF-8 text.") % {"path": path}) from None
        else:
            # Standard input is read as UTF-8 whatever the locale says.
            raw = getattr(sys.stdin, "buffer", None)
            stream: TextIO = io.TextIOWrapper(raw, encoding="utf-8-sig") if raw is not None else sys.stdin
            try:
                self._parse(stream, prefer)
            except UnicodeDecodeError:
                raise CommandError(_("Standard input is not UTF-8 text.")) from None
            finally:
                if isinstance(stream, io.TextIOWrapper) and stream is not sys.stdin:
                    stream.detach()  # leave standard input open

    def _parse(self, stream: TextIO, prefer: str) -> None:
        for text in _lines(stream):
            row = {"input": text, **parse_address(text, prefer=prefer).as_dict()}
            self.stdout.write(json.dumps(row, ensure_ascii=False))
