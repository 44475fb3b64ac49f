"""`jingwang audit verify`: walk the keyed hash chain, check it against the latest signed
checkpoint and look for forged rows; exit 1 and name the first bad row or the problem."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jingwang.audit.services import audit_verify


class Command(BaseCommand):
    help = "Audit trail maintenance."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="verify the hash chain")

    def handle(self, *args: Any, **opts: Any) -> None:
        result = audit_verify()
        if result.ok:
            line = f"OK {result.checked} events; head #{result.head_seq} {result.head_hash}"
            if result.checkpoint is not None:
                line += f"; checkpoint #{result.checkpoint.seq} of {result.checkpoint.time} holds"
            self.stdout.write(line)
            if result.note:
                self.stdout.write(f"NOTE {result.note}")
            return
        where = f" at event #{result.first_bad_seq}" if result.first_bad_seq is not None else ""
        self.stdout.write(f"BROKEN{where}: {result.problem} ({result.checked} good events before it)")
        sys.exit(1)
