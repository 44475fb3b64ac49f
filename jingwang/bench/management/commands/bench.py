"""`jingwang bench`: run the registered benchmark cases in a throwaway database and report."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jingwang.bench.database import is_test_database, machine_info, throwaway_database
from jingwang.bench.harness import Context, Result, format_table, load_cases, run_case


class Command(BaseCommand):
    help = (
        "Run the benchmark cases (median, p95, ratio to a baseline, PASS/MISS against targets) in a "
        "throwaway database created beside the configured one and dropped afterwards."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quick", action="store_true", help="a tenth of the data and fewer repeats")
        parser.add_argument("--json", action="store_true", help="print one JSON document instead of a table")
        parser.add_argument(
            "--case", nargs="+", action="extend", metavar="NAME", help="run only these cases (default: all)"
        )
        parser.add_argument("--repeat", type=int, metavar="N", help="repeats per case instead of each case's own")
        parser.add_argument("--list", action="store_true", help="list the cases and stop")
        parser.add_argument(
            "--scale",
            type=float,
            metavar="F",
            help="data size as a fraction of the full size (default 1, or 0.1 with --quick); for smoke tests",
        )
        parser.add_argument(
            "--use-current-db",
            action="store_true",
            help="run in the current database instead of a throwaway one; refused unless it already is a "
            "test database (the test suite uses this)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        cases = load_cases()
        if opts["list"]:
            for name, cls in cases.items():
                self.stdout.write(f"{name:24} {cls.description}")
            return
        names = opts["case"] or list(cases)
        unknown = [n for n in names if n not in cases]
        if unknown:
            raise CommandError(f"unknown case(s) {', '.join(unknown)}; known: {', '.join(cases)}")
        if opts["repeat"] is not None and opts["repeat"] < 1:
            raise CommandError("--repeat must be at least 1")
        ctx = Context(
            scale=opts["scale"] if opts["scale"] is not None else (0.1 if opts["quick"] else 1.0),
            quick=opts["quick"],
            repeat=opts["repeat"],
            log=self._log,
        )
        if ctx.scale <= 0:
            raise CommandError("--scale must be positive")

        def run() -> tuple[dict[str, Any], list[Result]]:
            machine = machine_info()
            return machine, [run_case(cases[name](ctx)) for name in names]

        if opts["use_current_db"]:
            if not is_test_database():
                raise CommandError("--use-current-db is only allowed on a test database; the bench never "
                                   "writes into real data")  # fmt: skip
            machine, results = run()
        else:
            with throwaway_database(log=self._log):
                machine, results = run()

        if opts["json"]:
            document = {
                "command": self._command_line(opts),
                "machine": machine,
                "scale": ctx.scale,
                "quick": ctx.quick,
                "results": [r.as_dict() for r in results],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        db = machine["database"]
        self.stdout.write(
            f"{machine['cpu']}, {machine['cores']} cores, {machine['memory']}; Python {machine['python']}, "
            f"Django {machine['django']}; {db['vendor']} {db['version']}; {machine['date']}\n"
        )
        self.stdout.write(format_table(results))

    def _log(self, message: str) -> None:
        self.stderr.write(message)
        self.stderr.flush()

    @staticmethod
    def _command_line(opts: dict[str, Any]) -> str:
        words = ["jingwang", "bench"]
        words += [f"--{flag}" for flag in ("quick", "json") if opts[flag]]
        if opts["case"]:
            words += ["--case", *opts["case"]]
        if opts["repeat"] is not None:
            words += ["--repeat", str(opts["repeat"])]
        if opts["scale"] is not None:
            words += ["--scale", str(opts["scale"])]
        return " ".join(words)
