"""Types shared at the seams between apps.

`Actor` is the acting user of a service or the viewer of a selector: the accounts app's User
model for the type checker. Core imports no app at run time (the import-linter contract in
pyproject.toml); annotations are not evaluated at run time, so the name stands for nothing there."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jingwang.accounts.models import User as Actor
else:
    Actor = object  # only annotations use it (they are strings at run time)

__all__ = ["Actor"]
