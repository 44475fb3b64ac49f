"""SECURITY 26: the kill test is a command (`jingwang killtest`); this runs it small, as a user would,
against the vendor the suite runs on (a throwaway database of its own beside the configured one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_killing_the_server_mid_load_loses_no_acknowledged_write(tmp_path: Path) -> None:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("JINGWANG_", "DJANGO_"))}
    env = {
        **keep,
        "DJANGO_SETTINGS_MODULE": "jingwang.settings",
        "JINGWANG_SECRET_KEY": "killtest-secret",
        "JINGWANG_DATA_KEY": "killtest-data-key",
        "JINGWANG_DATA_DIR": str(tmp_path),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'kill.sqlite3'}",
    }
    args = ["killtest", "--rounds", "2", "--seconds", "3", "--clients", "3", "--json"]
    done = subprocess.run(
        [sys.executable, "-m", "jingwang", *args], env=env, capture_output=True, text=True, timeout=400, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ok"] and result["lost"] == 0 and result["integrity"] == "ok" and result["audit"] == "ok"
    assert result["acknowledged"] > 0 and result["rounds"] == 2
