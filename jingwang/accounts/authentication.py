"""API authentication: bearer tokens (hashed at rest) and the browser session (with CSRF)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from jingwang.accounts.models import ApiToken
from jingwang.core import context

# last_used_at is written at most this often per token, not on every request.
LAST_USED_EVERY = 60


def _refusal(token: ApiToken, now: datetime) -> str:
    """Why a known token no longer works, or "" when it does."""
    if token.expires_at <= now:
        return "expired"
    # last_used_at lags by up to LAST_USED_EVERY: a token may end that much before the idle limit.
    if now - (token.last_used_at or token.created_at) > settings.API_TOKEN_IDLE_TIMEOUT:
        return "idle"
    if not token.user.is_active or token.session_version != token.user.session_version:
        return "revoked"
    return ""


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        digest = hashlib.sha256(header[1]).hexdigest()
        token = ApiToken.objects.select_related("user").filter(key_hash=digest).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is invalid or has expired."))
        now = timezone.now()
        reason = _refusal(token, now)
        if reason:
            from jingwang.accounts.services import token_refuse

            token_refuse(token=token, reason=reason)
            raise exceptions.AuthenticationFailed(_("The token is invalid or has expired."))
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        # Every audit row this request writes names the token (never its secret).
        context.update(session_ref=f"token:{token.pk}")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication; answers 401 (not 403) to a request without credentials."""

    def authenticate_header(self, request: Request) -> str:
        return "Session"
