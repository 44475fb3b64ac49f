"""Types shared at the seams between apps.

`Actor` is the acting user of a service: the accounts app's User
model for the type checker. Core imports no app at run time (the import-linter contract in
pyproject.toml); annotations are not evaluated at run time, so the name stands for nothing there."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from jingwang.accounts.models import User as Actor

    # Who reads through a selector or an access check: a request's user, possibly signed out (who
    # then sees nothing: `restrict` finds no grant).
    Viewer: TypeAlias = Actor | AnonymousUser
else:
    Actor = Viewer = object  # only annotations use them (they are strings at run time)

__all__ = ["Actor", "Viewer"]
