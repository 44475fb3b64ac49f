"""API authentication: bearer tokens (hashed at rest) and the browser session (with CSRF)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from jingwang.accounts.models import ApiToken


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
        now = timezone.now()
        if (
            token is None
            or token.expires_at <= now
            or not token.user.is_active
            or token.session_version != token.user.session_version
        ):
            raise exceptions.AuthenticationFailed(_("The token is invalid or has expired."))
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication; answers 401 (not 403) to a request without credentials."""

    def authenticate_header(self, request: Request) -> str:
        return "Session"
