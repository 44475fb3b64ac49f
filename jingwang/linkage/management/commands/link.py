"""`manage.py link` (with Django set up): the same as `jingwang link`, which needs no settings."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jingwang.linkage.command import link_main

_DJANGO_OPTIONS = ("--settings=", "--pythonpath=", "--traceback", "--no-color", "--force-color", "--verbosity=")


class Command(BaseCommand):
    help = "Group the records of one person in a CSV file (Splink on DuckDB; no database needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("args", nargs="*")

    def run_from_argv(self, argv: list[str]) -> None:
        # Everything after `link` but Django's own options goes to the standalone parser.
        own = [a for a in argv[2:] if not a.startswith(_DJANGO_OPTIONS)]
        raise SystemExit(link_main(own))

    def handle(self, *args: Any, **options: Any) -> None:
        link_main([str(a) for a in args])
