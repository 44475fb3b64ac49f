"""`manage.py link` (with Django set up): the same as `jingwang link`, which needs no settings."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jingwang.linkage.command import link_main


class Command(BaseCommand):
    help = "Group the records of one person in a CSV file (Splink on DuckDB; no database needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("args", nargs="*")

    def run_from_argv(self, argv: list[str]) -> None:
        # Everything after `link` goes to the standalone parser, which owns the options.
        raise SystemExit(link_main(argv[2:]))

    def handle(self, *args: Any, **options: Any) -> None:
        link_main([str(a) for a in args])
