"""`jingwang check --deploy` is clean with production settings (the CI battery, SECURITY 28 and 30)."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

# A deployment: behind the reverse proxy that terminates TLS (`jingwang serve` speaks plain HTTP on
# the loopback address), secure cookies and DEBUG at their defaults, real keys, a real host name.
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "jingwang.settings",
    "JINGWANG_BEHIND_PROXY": "1",
    "JINGWANG_ALLOWED_HOSTS": "jingwang.gulou.example.cn",
}


def _deploy_check(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JINGWANG_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        PRODUCTION,
        JINGWANG_SECRET_KEY=secrets.token_urlsafe(50),
        JINGWANG_DATA_KEY=secrets.token_urlsafe(32),
        JINGWANG_DATA_DIR=str(tmp_path),
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-m", "jingwang", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,  # this checkout's code, not an installed copy
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    "tls",
    [{}, {"JINGWANG_BEHIND_PROXY": "0", "JINGWANG_SSL_REDIRECT": "1"}],
    ids=["tls-at-the-proxy", "tls-in-gunicorn"],
)
def test_deploy_check_is_clean_with_production_settings(tmp_path: Path, tls: dict[str, str]) -> None:
    result = _deploy_check(tmp_path, **tls)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr.upper(), result.stderr


def test_the_deploy_check_flags_plain_http(tmp_path: Path) -> None:
    """The demo's settings (plain HTTP on the loopback address) are not a deployment: no HSTS,
    cookies without Secure, no redirect."""
    plain = _deploy_check(tmp_path, JINGWANG_SECURE_COOKIES="0")
    assert plain.returncode != 0
    assert {"security.W004", "security.W008", "security.W012", "security.W016"} <= set(
        re.findall(r"security\.W\d+", plain.stderr)
    )
