"""Who is a resident of the portal, and the decorator the portal's pages (and other apps' portal
pages: tips, evaluation, volunteering) put on a view only a signed-in resident may open.

A resident is a signed-in user with a portal account (`portal.Resident`) and no staff role. Anyone
else is sent to the portal's sign-in page (staff too: the staff site is elsewhere)."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from jingwang.accounts.middleware import AUTH_AT, SEEN_AT
from jingwang.accounts.models import RoleAssignment, User
from jingwang.core.roles import Role
from jingwang.portal.models import Resident

RESIDENT = "portal-resident"  # the access level the route walk reads (core.declare)
F = TypeVar("F", bound=Callable[..., HttpResponse])


def resident_of(user: Any) -> Resident | None:
    """The portal account of a signed-in user who is a resident and nothing else, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if hasattr(user, "_portal_resident"):
        cached: Resident | None = user._portal_resident
        return cached
    found = Resident.objects.select_related("community").filter(user_id=user.pk).first()
    if found is not None and RoleAssignment.objects.filter(user_id=user.pk).exclude(role=Role.RESIDENT).exists():
        found = None
    user._portal_resident = found
    return found


def resident_required(view: F) -> F:
    """Let a signed-in resident through; send anyone else to the portal's sign-in page and back."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if resident_of(request.user) is None:
            return redirect(f"{reverse('portal:sign_in')}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, **kwargs)

    wrapped.access = RESIDENT  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]


def sign_resident_in(request: HttpRequest, user: User) -> None:
    """A normal Django session for the resident (a new session id), with the session limits' clock."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    now = time.time()
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now
