"""The real server on a throwaway database, for the commands that attack it (killtest, battery)."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from typing import IO, Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url() -> str:
    """The URL of the database the current connection uses (the throwaway one, in these commands)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


def server_environment(**extra: str) -> dict[str, str]:
    """The environment for `jingwang serve` on the current database, with this process's keys."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "JINGWANG_SECRET_KEY": settings.SECRET_KEY,
        "JINGWANG_DATA_KEY": settings.DATA_KEY,
        "JINGWANG_REQUIRE_MFA": "0",
        "JINGWANG_SECURE_COOKIES": "0",
        "DJANGO_SETTINGS_MODULE": "jingwang.settings",
        **extra,
    }


def start_server(port: int, env: dict[str, str], stderr: IO[Any] | int, *, workers: int = 2) -> subprocess.Popen[bytes]:
    """`jingwang serve` in its own process group (so that stopping it stops its workers too)."""
    command = [sys.executable, "-m", "jingwang", "serve", "--port", str(port), "--workers", str(workers)]
    return subprocess.Popen(
        [*command, "--no-collectstatic", "--worker", "no"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        start_new_session=True,
    )


def request(
    port: int, method: str, path: str, body: Any = None, token: str = "", timeout: float = 30
) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, None if body is None else json.dumps(body), headers)
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


def sign_in(port: int, username: str, password: str, wait: float = 60) -> str:
    """A bearer token, waiting up to `wait` seconds for the server to answer."""
    deadline, last = time.monotonic() + wait, ""
    while time.monotonic() < deadline:
        try:
            status, data = request(port, "POST", "/api/v1/auth/token/", {"username": username, "password": password})
            if status in (200, 201):
                return str(json.loads(data)["token"])
            last = f"{status} {data[:200]!r}"
        except OSError as exc:
            last = str(exc)
        time.sleep(0.2)
    raise RuntimeError(f"no token for {username} within {wait:.0f} s ({last})")
