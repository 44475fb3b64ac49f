"""API authentication: bearer tokens (hashed at rest) and the browser session (with CSRF)."""

from __future__ import annotations

import functools
import hashlib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from jingwang.accounts.models import ApiToken, RoleAssignment, User
from jingwang.core import context
from jingwang.core.access import Grant, remember_grants
from jingwang.core.sql import column, fetch_prepared, table
from jingwang.territory.models import Node

# last_used_at is written at most this often per token, not on every request.
LAST_USED_EVERY = 60


@functools.cache
def _token_sql(vendor: str) -> str:
    """The token, its user and the user's grants in one statement (one row per grant): every API
    request starts here, so this is one round trip instead of two (PostgreSQL only: psycopg returns
    values the models take as they are)."""

    token_columns = ", ".join(f"t.{column(f.column)}" for f in ApiToken._meta.concrete_fields)
    user_columns = ", ".join(f"u.{column(f.column)}" for f in User._meta.concrete_fields)
    return (
        f"SELECT {token_columns}, {user_columns}, ra.role, n.id, n.kind, n.code, n.path, n.police_path "
        f"FROM {table(ApiToken)} t JOIN {table(User)} u ON u.id = t.user_id "
        f"LEFT JOIN {table(RoleAssignment)} ra ON ra.user_id = u.id "
        f"LEFT JOIN {table(Node)} n ON n.id = ra.node_id AND n.is_active = %s "
        "WHERE t.key_hash = %s ORDER BY ra.id"
    )


def _token_with_grants(digest: str) -> ApiToken | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        # SQLite is in-process (no round trips to save) and hands back naive datetimes that only
        # the ORM converts: load the token the ordinary way; grants() loads the grants when asked.
        return ApiToken.objects.select_related("user").filter(key_hash=digest).first()
    rows = fetch_prepared(_token_sql(connection.vendor), [True, digest])
    if not rows:
        return None
    token_fields = [f.attname for f in ApiToken._meta.concrete_fields]
    user_fields = [f.attname for f in User._meta.concrete_fields]
    first, split = rows[0], len(token_fields)
    token = ApiToken.from_db(connection.alias, token_fields, first[:split])
    user = User.from_db(connection.alias, user_fields, first[split : split + len(user_fields)])
    token.user = user
    grants = [
        Grant(role, node_id, f"{kind}:{code}", path, police_path)
        for role, node_id, kind, code, path, police_path in (row[split + len(user_fields) :] for row in rows)
        if node_id is not None
    ]
    remember_grants(user, grants)
    return token


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
        token = _token_with_grants(digest)
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
