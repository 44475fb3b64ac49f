"""Step-up re-authentication (SECURITY 11): revealing identifiers, bulk export, role changes."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from rest_framework.permissions import BasePermission

from jingwang.audit.models import Outcome
from jingwang.audit.services import audit_record

REAUTH_AT = "jingwang_reauth_at"
PASSWORD_HEADER = "X-Reauth-Password"
OTP_HEADER = "X-Reauth-OTP"


def confirm_identity(*, user: Any, password: str = "", otp: str = "") -> bool:
    """Check the password (or a one-time code when the account has a second factor); audited."""
    from jingwang.accounts.services import otp_verify

    ok = (
        otp_verify(user=user, otp=otp)
        if (otp and user.mfa_enabled)
        else bool(password) and user.check_password(password)
    )
    audit_record(
        action="auth.reauth",
        actor=user,
        object_type="accounts.user",
        object_id=user.pk,
        outcome=Outcome.SUCCESS if ok else Outcome.FAILURE,
    )
    return ok


def mark_reauthenticated(request: HttpRequest) -> None:
    request.session[REAUTH_AT] = time.time()


def recently_reauthenticated(request: Any) -> bool:
    """True after a confirmation within the last few minutes (page session) or with this request
    (API: the password or a code in the X-Reauth-* headers)."""
    password = request.headers.get(PASSWORD_HEADER, "")
    otp = request.headers.get(OTP_HEADER, "")
    if password or otp:
        return confirm_identity(user=request.user, password=password, otp=otp)
    session = getattr(request, "session", None)
    at = session.get(REAUTH_AT, 0) if session is not None else 0
    return time.time() - at <= settings.REAUTH_MAX_AGE.total_seconds()


class ReauthenticatedRecently(BasePermission):
    message = "Confirm your password (X-Reauth-Password) or one-time code (X-Reauth-OTP) for this action."
    code = "reauth_required"

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return recently_reauthenticated(request)
