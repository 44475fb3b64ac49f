"""Types shared at the seams between apps, and the one accessor from a request to its acting user.

`Actor` is the acting user of a service: the accounts app's User model for the type checker.
`Viewer` is who reads through a selector or an access check: a request's user, possibly signed out
(who then sees nothing: `restrict` finds no grant). Core imports no app at run time (the
import-linter contract in pyproject.toml); annotations are not evaluated at run time, so the names
stand for nothing there.

Views pass `request.user` to selectors (it is a `Viewer`) and `actor(request)` to services."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest
    from rest_framework.request import Request

    from jingwang.accounts.models import User as Actor

    Viewer: TypeAlias = Actor | AnonymousUser
else:
    Actor = Viewer = object  # only annotations use them (they are strings at run time)

__all__ = ["Actor", "Viewer", "actor"]


def actor(request: HttpRequest | Request) -> Actor:
    """The signed-in user acting through this request. Pages require sign-in and API views are
    authenticated, so a signed-out user never gets here; should one, the request is refused."""
    user = request.user
    if not isinstance(user, get_user_model()) or not user.is_authenticated:
        raise PermissionDenied
    return user
