"""`jingwang killtest`: SECURITY 26, repeatable. Start the real server on a throwaway database, drive
a write load through the API, SIGKILL the server mid-load, start it again, and so on; then prove
that every write the server acknowledged (201) is there, nothing is corrupt and the audit chain
verifies. Exits 1 when any of that fails."""

from __future__ import annotations

import http.client
import itertools
import json
import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from jingwang.bench.database import throwaway_database
from jingwang.bench.server import database_url, free_port

GRID = "320106001001001"


@dataclass
class Tally:
    acknowledged: dict[int, str] = field(default_factory=dict)  # person id -> ID number
    sent: int = 0
    failed: int = 0  # connections refused or cut by the kill: the client does not count these as written
    refused: dict[int, int] = field(default_factory=dict)  # other answers, by status
    lock: threading.Lock = field(default_factory=threading.Lock)


def _id_number(n: int) -> str:
    from jingwang.core.identity import synthetic_id_number

    return synthetic_id_number(region="320106", birth=date(1950, 1, 1) + timedelta(days=n // 900), seq=n % 900)


class Command(BaseCommand):
    help = "Kill the server (SIGKILL) during a write load and check that no acknowledged write is lost."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rounds", type=int, default=3, help="how many times the server is killed")
        parser.add_argument("--seconds", type=float, default=6.0, help="write load before each kill")
        parser.add_argument("--clients", type=int, default=4, help="concurrent writing clients")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **opts: Any) -> None:
        log = (lambda _m: None) if opts["json"] else (lambda m: self.stdout.write(str(m)))
        with throwaway_database(log) as _name:
            result = self._run(opts, log)
        if opts["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(
                f"{result['rounds']} kills, {result['acknowledged']} acknowledged creates "
                f"({result['failed']} cut by the kill, other answers {result['refused']}): {result['lost']} lost, "
                f"integrity {result['integrity']}, audit chain {result['audit']}"
            )
        if not result["ok"]:
            raise CommandError("acknowledged writes were lost or the database is damaged")

    def _run(self, opts: dict[str, Any], log: Any) -> dict[str, Any]:
        from jingwang.accounts.services import user_create
        from jingwang.core.roles import Role
        from jingwang.territory.models import Node
        from jingwang.territory.services import territory_import
        from jingwang.testing import world_specs

        territory_import(by=None, specs=world_specs())
        password = "Kill-" + secrets.token_urlsafe(12)
        node = Node.objects.get(kind="police_district", code="320106001001")
        user_create(
            by=None,
            username="killtest",
            display_name="killtest",
            password=password,
            role=Role.COMMUNITY_OFFICER,
            scopes=[node],
        )
        connection.close()  # the server processes are the only writers from here on

        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "JINGWANG_SECRET_KEY": settings.SECRET_KEY,
            "JINGWANG_DATA_KEY": settings.DATA_KEY,
            "JINGWANG_AUDIT_CHECKPOINT_DIR": str(settings.AUDIT_CHECKPOINT_DIR),
            "JINGWANG_REQUIRE_MFA": "0",
            "JINGWANG_SECURE_COOKIES": "0",
            "JINGWANG_DEMO": "0",
            "DJANGO_SETTINGS_MODULE": "jingwang.settings",
        }
        tally = Tally()
        numbers = itertools.count()
        with tempfile.TemporaryFile() as errors:
            for round_no in range(1, opts["rounds"] + 1):
                self._round(env, password, opts, tally, numbers, errors)
                log(f"round {round_no}: killed with {len(tally.acknowledged)} acknowledged so far")
        return self._check(tally, opts["rounds"])

    def _round(
        self, env: dict[str, str], password: str, opts: dict[str, Any], tally: Tally, numbers: Any, errors: Any
    ) -> None:
        """Start the server, load it with creates from several clients, SIGKILL it mid-load."""
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "jingwang", "serve", "--port", str(port), "--no-collectstatic"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,
        )
        try:
            try:
                token = self._wait_and_sign_in(port, password)
            except CommandError:
                errors.seek(0)
                raise CommandError(errors.read().decode(errors="replace")[-2000:]) from None
            self._warm_up(port, token)
            stop = threading.Event()
            lock = threading.Lock()

            def client() -> None:
                while not stop.is_set():
                    with lock:
                        n = next(numbers)
                    self._create(port, token, n, tally)

            threads = [threading.Thread(target=client) for _ in range(opts["clients"])]
            for t in threads:
                t.start()
            time.sleep(opts["seconds"])
            stop.set()  # no new requests after the kill; those in flight are cut by it
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
            for t in threads:
                t.join()
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()

    def _wait_and_sign_in(self, port: int, password: str) -> str:
        deadline, last = time.monotonic() + 60, ""
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                body = json.dumps({"username": "killtest", "password": password})
                conn.request("POST", "/api/v1/auth/token/", body, {"Content-Type": "application/json"})
                answer = conn.getresponse()
                data = answer.read()
                if answer.status in (200, 201):
                    return str(json.loads(data)["token"])
                last = f"{answer.status} {data[:200]!r}"
            except OSError as exc:
                last = str(exc)
            time.sleep(0.2)
        raise CommandError(f"the server did not start within 60 s ({last})")

    def _warm_up(self, port: int, token: str) -> None:
        """Every server thread loads the application on its first request: do that before the clock runs."""
        for _ in range(8):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", "/api/v1/persons/count/", headers={"Authorization": f"Bearer {token}"})
                conn.getresponse().read()
                conn.close()
            except OSError:
                pass

    def _create(self, port: int, token: str, n: int, tally: Tally) -> None:
        number = _id_number(n)
        body = json.dumps({"name": f"压测{n}", "id_number": number, "grid": GRID})
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": f"killtest-{n:08d}",
        }
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("POST", "/api/v1/persons/", body, headers)
            answer = conn.getresponse()
            data = answer.read()
            conn.close()
        except OSError:
            with tally.lock:
                tally.sent += 1
                tally.failed += 1
            return
        with tally.lock:
            tally.sent += 1
            if answer.status == 201:
                tally.acknowledged[int(json.loads(data)["id"])] = number
            else:
                tally.refused[answer.status] = tally.refused.get(answer.status, 0) + 1

    def _check(self, tally: Tally, rounds: int) -> dict[str, Any]:
        from jingwang.audit.services import audit_verify
        from jingwang.registry.models import Person
        from jingwang.registry.services.persons import id_index

        connection.close()
        stored = dict(Person.objects.filter(pk__in=list(tally.acknowledged)).values_list("pk", "id_number_index"))
        lost = [pk for pk, number in tally.acknowledged.items() if stored.get(pk) != id_index(number)]
        if connection.vendor == "sqlite":
            with sqlite3.connect(str(connection.settings_dict["NAME"])) as db:
                integrity = str(db.execute("PRAGMA integrity_check").fetchone()[0])
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM registry_person")
                integrity = "ok" if cursor.fetchone()[0] >= len(stored) else "rows missing"
        verified = audit_verify()
        audit = "ok" if verified.ok else f"broken at {verified.first_bad_seq}: {verified.problem}"
        return {
            "database": connection.vendor,
            "rounds": rounds,
            "sent": tally.sent,
            "acknowledged": len(tally.acknowledged),
            "failed": tally.failed,
            "refused": tally.refused,
            "lost": len(lost),
            "integrity": integrity,
            "audit": audit,
            "ok": not lost and integrity == "ok" and verified.ok,
        }
