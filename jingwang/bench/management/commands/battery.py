"""`jingwang battery`: SECURITY 31, the API part of the attack battery. Seed the demo city on a
throwaway database, start the real server, and run schemathesis over every operation of the
OpenAPI schema as each role (an officer, a grid worker and a system administrator by default):
no answer may be a server error and every answer must match the schema. Exits 1 on any failure.

Nothing is excluded: destructive operations (DELETE, retiring records, role changes, disabling
accounts) run against the throwaway database. The system administrator, who can disable the other
accounts, runs last; every token is taken before the first run, because the runs fuzz the sign-in
(which may throttle this address) and kept in use (idle tokens expire)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from jingwang.bench.database import throwaway_database
from jingwang.bench.server import free_port, request, server_environment, sign_in, start_server

ROLES = ["officer", "gridworker", "sysadmin"]
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance"
PHASES = "examples,fuzzing,stateful"


@contextmanager
def _kept_alive(port: int, tokens: list[str]) -> Iterator[None]:
    """Use every token once a minute while the roles before it run."""
    stop = threading.Event()

    def ping() -> None:
        while not stop.wait(60):
            for token in tokens:
                with suppress(OSError):
                    request(port, "GET", "/api/v1/me/", token=token)

    thread = threading.Thread(target=ping, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


class Command(BaseCommand):
    help = "Run schemathesis against the real server as each role; exit 1 on a server error or a schema violation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--roles", default=",".join(ROLES), help="demo accounts, comma separated, run in order")
        parser.add_argument("--max-examples", type=int, default=10, help="generated cases per operation and phase")
        parser.add_argument(
            "--phases",
            default=PHASES,
            help="schemathesis phases; `coverage` (every boundary case of every parameter, about 7,600 requests "
            "and 5 minutes per role here) is left out of the default to keep the battery within ten minutes",
        )
        parser.add_argument("--seed", type=int, default=20261203, help="the same seed gives the same cases")
        # One worker: with two, CPython 3.11 now and then fails Hypothesis' parsing of lambda sources
        # ("AST constructor recursion depth mismatch"), an error of the tool that would fail CI at random.
        parser.add_argument("--workers", type=int, default=1, help="concurrent schemathesis workers")
        parser.add_argument("--checks", default=CHECKS)
        parser.add_argument("--report-dir", default="", help="keep schemathesis' JUnit reports here")
        parser.add_argument("--residents", type=int, default=300, help="synthetic residents in the demo city")

    def handle(self, *args: Any, **opts: Any) -> None:
        roles = [r.strip() for r in opts["roles"].split(",") if r.strip()]
        started = time.monotonic()
        with throwaway_database(lambda m: self.stdout.write(str(m))), tempfile.TemporaryDirectory() as tmp:
            self._seed(opts["residents"])
            connection.close()  # the server is the only writer from here on
            results = self._run(roles, opts, Path(tmp))
        minutes = (time.monotonic() - started) / 60
        for role, code in results.items():
            self.stdout.write(f"{role:<12} {'passed' if code == 0 else f'FAILED (schemathesis exit {code})'}")
        self.stdout.write(f"battery took {minutes:.1f} min")
        if any(results.values()):
            raise CommandError("schemathesis found server errors or schema violations (see above)")

    def _seed(self, residents: int) -> None:
        """The demo city as `jingwang demo` seeds it, with fewer residents: variety, not volume."""
        from jingwang.demo.registry_seed import plant_duplicates, seed_registry
        from jingwang.demo.seed import FIRST_COMMUNITY, seed_demo
        from jingwang.territory.models import Node

        seed_demo()
        seed_registry(residents=residents)
        grids = Node.objects.filter(code__startswith=FIRST_COMMUNITY, kind="grid").values_list("code", flat=True)
        plant_duplicates(grid_codes=list(grids))
        self.stdout.write(f"demo city seeded ({residents} residents)")

    def _run(self, roles: list[str], opts: dict[str, Any], tmp: Path) -> dict[str, int]:
        from jingwang.demo.seed import DEMO_PASSWORD

        port = free_port()
        log = (tmp / "server.log").open("wb")
        server = start_server(port, server_environment(JINGWANG_DEMO="1", JINGWANG_DATA_DIR=str(tmp)), log)
        try:
            try:
                # Every token first: later runs fuzz the sign-in, which may throttle this address.
                tokens = {role: sign_in(port, role, DEMO_PASSWORD) for role in roles}
            except RuntimeError as exc:
                log.flush()
                raise CommandError(f"{exc}\n{(tmp / 'server.log').read_text(errors='replace')[-3000:]}") from None
            results = {}
            with _kept_alive(port, list(tokens.values())):
                for role in roles:
                    self.stdout.write(f"\n=== schemathesis as {role}")
                    results[role] = self._schemathesis(port, role, tokens[role], opts, tmp)
            if any(results.values()):
                log.flush()
                tail = (tmp / "server.log").read_text(errors="replace")[-12000:]
                self.stdout.write(f"\n=== server log (tail)\n{tail}")
            return results
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
            log.close()

    def _schemathesis(self, port: int, role: str, token: str, opts: dict[str, Any], tmp: Path) -> int:
        status, schema = request(port, "GET", "/api/schema/?format=json", token=token)
        if status != 200:
            raise CommandError(f"the schema answered {status} for {role}")
        schema_file = tmp / f"schema-{role}.json"
        schema_file.write_bytes(schema)
        ids_file = tmp / f"ids-{role}.json"
        ids_file.write_text(json.dumps(self._known_ids(port, token, json.loads(schema))))
        command = [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            str(schema_file),
            "--url",
            f"http://127.0.0.1:{port}",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            opts["checks"],
            "--phases",
            opts["phases"],
            "--max-examples",
            str(opts["max_examples"]),
            "--seed",
            str(opts["seed"]),
            "--workers",
            str(opts["workers"]),
            "--request-timeout",
            "30",
            "--no-color",
        ]
        if opts["report_dir"]:
            report = Path(opts["report_dir"]) / f"schemathesis-{role}.xml"
            report.parent.mkdir(parents=True, exist_ok=True)
            command += ["--report", "junit", "--report-junit-path", str(report)]
        env = {
            **os.environ,
            "SCHEMATHESIS_HOOKS": str(Path(__file__).resolve().parents[2] / "st_hooks.py"),
            "JINGWANG_BATTERY_IDS": str(ids_file),
        }
        self.stdout.flush()
        return subprocess.run(command, env=env, cwd=tmp, check=False).returncode

    def _known_ids(self, port: int, token: str, schema: dict[str, Any]) -> dict[str, list[int]]:
        """The ids the role can see, per collection, so that detail operations meet real records."""
        known: dict[str, list[int]] = {}
        for path in schema.get("paths", {}):
            if "{id}" not in path:
                continue
            collection = path.split("{id}")[0]
            if collection in known:
                continue
            status, data = request(port, "GET", f"{collection}?page_size=50", token=token)
            results = json.loads(data).get("results", []) if status == 200 else []
            known[collection] = [r["id"] for r in results if isinstance(r, dict) and isinstance(r.get("id"), int)]
        return known
