"""The `jingwang` console script: Django's management commands, with the demo's set-up first."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from jingwang.core.crypto import new_key
from jingwang.linkage.command import COMMANDS


def _prepare_demo_environment() -> None:
    """The demo keeps its own keys in the data folder and marks the installation as synthetic."""

    data = Path(os.environ.get("JINGWANG_DATA_DIR") or Path(__file__).resolve().parent.parent / "var")
    data.mkdir(parents=True, exist_ok=True)
    for name in ("secret_key", "data_key"):
        target = data / name
        if not target.exists() and not os.environ.get(f"JINGWANG_{name.upper()}"):
            target.write_text(new_key() + "\n")
            target.chmod(0o600)
    (data / "demo-mode").touch()
    os.environ.setdefault("JINGWANG_DEMO", "1")
    os.environ.setdefault("JINGWANG_REQUIRE_MFA", "0")
    # The demo is served over plain HTTP on the loopback address.
    os.environ.setdefault("JINGWANG_SECURE_COOKIES", "0")


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("link", "link_train"):
        # Batch linkage of a CSV file needs no settings, keys or database (jingwang.linkage.command).

        sys.exit(COMMANDS[args[0]](args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingwang.settings")
    if args and args[0] == "demo":
        _prepare_demo_environment()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jingwang", *args])


if __name__ == "__main__":
    main()
