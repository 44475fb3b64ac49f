"""A worker process beside the web server (`jingwang serve`, hence the demo), so that a single
machine on the embedded database needs nothing else running. On PostgreSQL a deployment runs
`jingwang worker` as its own service(s) instead (any number: claims are atomic)."""

from __future__ import annotations

import os
import subprocess
import sys

from django.db import connection


def wanted(choice: str) -> bool:
    """`yes`, `no`, or `auto` (yes on SQLite, the embedded default)."""
    if choice == "auto":
        return connection.vendor == "sqlite"
    return choice == "yes"


def spawn() -> subprocess.Popen[bytes]:
    """Start `jingwang worker` as a child that stops when this process is gone."""
    return subprocess.Popen(
        [sys.executable, "-m", "jingwang.cli", "worker", "--parent-pid", str(os.getpid())],
        env=os.environ.copy(),
    )


def stop(child: subprocess.Popen[bytes] | None, timeout: float = 30) -> None:
    """SIGTERM: the worker finishes the job in progress, then exits."""
    if child is None or child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
