"""Step-up re-authentication (SECURITY 11, 30): revealing identifiers, bulk export, role changes.

The one check every such route calls. A step-up is a recent, explicit confirmation: the password
(or a one-time code) given on the confirm page, remembered in the session for REAUTH_MAX_AGE, or
sent with the API request itself in X-Reauth-Password / X-Reauth-OTP. Signing in is not one. Every
wrong answer counts towards the account lockout like a failed sign-in (services.step_up_check).

- API routes: `require_step_up(request)` raises `ReauthRequired` or `ReauthFailed`, both 403 in the
  API's error format (`reauth_required`: nothing was offered; `reauth_failed`: the answer was wrong
  or the account is locked), or use the `ReauthenticatedRecently` permission on a viewset.
- Pages: `page_step_up(request)` returns the redirect to the confirm page, or None when confirmed.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from jingwang.accounts.services import step_up_check
from jingwang.core.errors import ServiceError

REAUTH_AT = "jingwang_reauth_at"
PASSWORD_HEADER = "X-Reauth-Password"
OTP_HEADER = "X-Reauth-OTP"


class ReauthRequired(ServiceError):
    """No recent confirmation and none offered with the request."""

    status = 403

    def __init__(self) -> None:
        super().__init__(
            "reauth_required",
            _("Confirm your password (X-Reauth-Password) or one-time code (X-Reauth-OTP) for this action."),
        )


class ReauthFailed(ServiceError):
    """A confirmation was offered and refused: wrong, or the account is locked."""

    status = 403

    def __init__(self) -> None:
        super().__init__("reauth_failed", _("The password or one-time code is wrong, or the account is locked."))


def mark_reauthenticated(request: HttpRequest) -> None:
    request.session[REAUTH_AT] = time.time()


def confirm(request: Any, *, password: str = "", otp: str = "") -> bool:
    """Check a confirmation offered by the signed-in user; a success is remembered in the session."""

    ok = step_up_check(user=request.user, password=password, otp=otp)
    if ok and getattr(request, "session", None) is not None:
        mark_reauthenticated(request)
    return ok


def require_step_up(request: Any) -> None:
    """Raise unless the request is stepped up: a confirmation in its X-Reauth-* headers (checked now,
    a wrong one counts towards the lockout) or, without one, a recent confirmation in the session."""
    password = request.headers.get(PASSWORD_HEADER, "")
    otp = request.headers.get(OTP_HEADER, "")
    if password or otp:
        from jingwang.accounts.services import step_up_check

        if not step_up_check(user=request.user, password=password, otp=otp):
            raise ReauthFailed()
        return
    session = getattr(request, "session", None)
    at = session.get(REAUTH_AT, 0) if session is not None else 0
    if time.time() - at > settings.REAUTH_MAX_AGE.total_seconds():
        raise ReauthRequired()


def page_step_up(request: HttpRequest, next_url: str | None = None) -> HttpResponse | None:
    """For a page: None when stepped up, else the redirect to the confirm page (which comes back to
    `next_url`, by default this page)."""
    try:
        require_step_up(request)
    except ServiceError:
        target = next_url or request.get_full_path()
        return redirect(f"{reverse('accounts:reauth')}?{urlencode({'next': target})}")
    return None


class ReauthenticatedRecently(BasePermission):
    """A viewset whose writes need a step-up (reads do not)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            require_step_up(request)
        return True
