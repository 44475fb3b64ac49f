"""Test helpers: run code in separate processes against the test database at the same moment,
to prove that concurrent workers do each piece of work once.

On PostgreSQL the processes connect to the test database itself (use `transactional_db` so the
test's rows are committed). On SQLite the test database lives in memory, so it is copied to a
file first (WAL, as in production) and the processes share that file; `query()` reads results
from wherever the processes wrote them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class SharedDatabase:
    url: str
    sqlite_path: Path | None

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path) as db:
                return list(db.execute(sql.replace("%s", "?"), params).fetchall())
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())


@contextmanager
def shared_database() -> Iterator[SharedDatabase]:
    """The test database as other processes can open it (call after the rows are committed)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "shared.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.execute("PRAGMA journal_mode=WAL")
            target.close()
            yield SharedDatabase(f"sqlite:///{path}", path)
        return
    user = quote(settings.get("USER") or "")
    password = settings.get("PASSWORD") or ""
    auth = f"{user}:{quote(password)}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or "5432"
    yield SharedDatabase(f"postgres://{auth}{host}:{port}/{settings['NAME']}", None)


def run_together(db: SharedDatabase, code: str, args: list[str], *, processes: int = 2) -> list[Any]:
    """Run `code` (which defines `main(*args) -> JSON-able`, and optionally `warm()` to connect
    and import before the start) in several processes that call main at the same instant;
    returns each process's result."""
    start = time.time() + 4.0  # enough for every interpreter to import Django first
    program = (
        "import json, sys, time, django\n"
        "django.setup()\n"
        f"{code}\n"
        "if 'warm' in globals():\n"
        "    warm()\n"
        "start = float(sys.argv[1])\n"
        "while time.time() < start:\n"
        "    time.sleep(0.002)\n"
        "print('RESULT ' + json.dumps(main(*sys.argv[2:])))\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": db.url,
        "DJANGO_SETTINGS_MODULE": "jingwang.settings_test",
        "JINGWANG_DB_CONN_MAX_AGE": "0",
    }
    children = [
        subprocess.Popen(
            [sys.executable, "-c", program, str(start), *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    results = []
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err[-3000:]
        line = next(x for x in out.splitlines() if x.startswith("RESULT "))
        results.append(json.loads(line[len("RESULT ") :]))
    return results
