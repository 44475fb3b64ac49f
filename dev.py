#!/usr/bin/env python3
"""Quick start for Jingwang on a machine with only Python 3.11.

    python3.11 dev.py demo      # environment, install, migrate, demo city, serve on :8000
    python3.11 dev.py test      # environment, install, the full test suite
    python3.11 dev.py setup     # environment and install only (with the test tools)

Anything after the first word is passed on (`dev.py demo --port 8080`, `dev.py test -k audit`).
The environment lives in .venv and is reinstalled only when the lock files change.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
LOCKS = {"base": ROOT / "requirements" / "base.txt", "dev": ROOT / "requirements" / "dev.txt"}


def _fingerprint(with_dev: bool) -> str:
    digest = hashlib.sha256()
    for name in ("base", "dev") if with_dev else ("base",):
        digest.update(LOCKS[name].read_bytes())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    return digest.hexdigest()


def ensure_environment(with_dev: bool) -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Jingwang needs Python 3.11 (this is {sys.version.split()[0]}).")
    if not (BIN / "python").exists():
        print("Creating the environment in .venv …", flush=True)
        venv.create(VENV, with_pip=True)
    stamp = VENV / ".jingwang-installed"
    want = _fingerprint(with_dev)
    have = stamp.read_text().split() if stamp.exists() else []
    if want in have:
        return
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    locks = ["-r", str(LOCKS["base"])] + (["-r", str(LOCKS["dev"])] if with_dev else [])
    print("Installing pinned dependencies …", flush=True)
    subprocess.run([*pip, "--require-hashes", *locks], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    stamp.write_text("\n".join([*have, want]) + "\n")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "setup", "jingwang"}:
        print(__doc__)
        return 2
    word, rest = argv[0], argv[1:]
    ensure_environment(with_dev=word in {"test", "setup"})
    os.chdir(ROOT)
    if word == "setup":
        return 0
    if word == "test":
        command = [str(BIN / "python"), "-m", "pytest", *rest]
    elif word == "demo":
        command = [str(BIN / "jingwang"), "demo", *rest]
    else:
        command = [str(BIN / "jingwang"), *rest]
    return subprocess.call(command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
