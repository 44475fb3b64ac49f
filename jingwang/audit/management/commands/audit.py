"""`jingwang audit verify`: walk the hash chain; exit non-zero and name the first bad row."""

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
            self.stdout.write(f"OK {result.checked} events; head #{result.head_seq} {result.head_hash}")
            return
        self.stdout.write(
            f"BROKEN at event #{result.first_bad_seq}: {result.problem} ({result.checked} good events before it)"
        )
        sys.exit(1)
