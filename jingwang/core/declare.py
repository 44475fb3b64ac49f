"""Every route declares who may reach it (SECURITY 4); a test walks the resolver to check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"
AUTHENTICATED = "authenticated"


def access(level: str) -> Callable[[F], F]:
    """Mark a function view: `public`, `authenticated`, or `<app>.<model>:<action>`."""

    def mark(view: F) -> F:
        view.access = level  # type: ignore[attr-defined]
        return view

    return mark


def declared_access(callback: Any) -> str | None:
    for holder in (getattr(callback, "cls", None), getattr(callback, "view_class", None), callback):
        level = getattr(holder, "access", None) if holder is not None else None
        if level:
            return str(level)
    return None
