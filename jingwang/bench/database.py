"""Where the bench runs: a throwaway database beside the configured one, and what the machine is."""

from __future__ import annotations

import os
import platform
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connection


@contextmanager
def throwaway_database(log: Any = print) -> Iterator[str]:
    """Create, migrate and finally drop a database of the bench's own, using Django's test-database
    machinery, so the configured database's data is never read or written.

    SQLite: a file (not memory) in a fresh folder beside the configured database file, so WAL and
    synchronous=FULL apply as in production. PostgreSQL: a new database on the same server.
    """
    settings_dict = connection.settings_dict
    test_settings = settings_dict.setdefault("TEST", {})
    old_test_name = test_settings.get("NAME")
    folder: str | None = None
    if connection.vendor == "sqlite":
        configured = str(settings_dict["NAME"])
        beside = None if _in_memory(configured) else Path(configured).parent
        if beside is not None:
            beside.mkdir(parents=True, exist_ok=True)
        folder = tempfile.mkdtemp(prefix="jingwang-bench-", dir=beside)
        test_settings["NAME"] = os.path.join(folder, "bench.sqlite3")
    else:
        test_settings["NAME"] = f"jingwang_bench_{os.getpid()}_{secrets.token_hex(4)}"
    old_name = settings_dict["NAME"]
    # The throwaway database's audit checkpoints go with it, never beside the configured database's.
    old_checkpoints = settings.AUDIT_CHECKPOINT_DIR
    checkpoints = tempfile.mkdtemp(prefix="jingwang-bench-checkpoints-")
    settings.AUDIT_CHECKPOINT_DIR = Path(checkpoints)
    created = False
    try:
        log(f"creating throwaway database {test_settings['NAME']}")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
        created = True
        yield str(connection.settings_dict["NAME"])
    finally:
        try:
            if created or settings_dict["NAME"] != old_name:
                connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
                log("dropped throwaway database")
        finally:
            test_settings["NAME"] = old_test_name
            settings.AUDIT_CHECKPOINT_DIR = old_checkpoints
            shutil.rmtree(checkpoints, ignore_errors=True)
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


def _in_memory(name: str) -> bool:
    return name == ":memory:" or "mode=memory" in name


def is_test_database() -> bool:
    """Whether the current default database is one Django created for tests (safe to litter)."""
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and _in_memory(name):
        return True
    return Path(name).name.startswith("test_")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def database_info() -> dict[str, Any]:
    """Vendor, version and the durability settings in force on the connection the bench uses."""
    info: dict[str, Any] = {"vendor": connection.vendor}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            info["version"] = sqlite3.sqlite_version
            for pragma in ("journal_mode", "synchronous"):
                cursor.execute(f"PRAGMA {pragma}")
                info[pragma] = cursor.fetchone()[0]
            info["synchronous"] = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(
                info["synchronous"], info["synchronous"]
            )
        else:
            cursor.execute("SHOW server_version")
            info["version"] = cursor.fetchone()[0]
            for setting in ("fsync", "synchronous_commit", "full_page_writes", "wal_sync_method"):
                cursor.execute(f"SHOW {setting}")
                info[setting] = cursor.fetchone()[0]
    return info


def machine_info() -> dict[str, Any]:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory": _memory(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database_info(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }
