"""Request-wide context (a request id for logs and audit rows, the caller's address), the security
headers of every answer, and the log filter that keeps identifiers out of logs."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse

from jingwang.core import context, redact
from jingwang.core.declare import declared_access
from jingwang.core.refusals import record_refusal, request_route

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# \u0000 in a JSON text: the escape itself, not an escaped backslash followed by "u0000".
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


def client_address(request: HttpRequest) -> str:
    """The caller's address. Behind our reverse proxy (JINGWANG_BEHIND_PROXY) that is the last
    X-Forwarded-For entry, the one the proxy appended; entries before it are whatever the client
    sent and are not trusted."""
    if settings.BEHIND_PROXY:
        forwarded = request.headers.get("X-Forwarded-For", "").rsplit(",", 1)[-1].strip()
        if forwarded:
            return forwarded[:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _REQUEST_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        ctx = context.RequestContext(
            source="api" if request.path.startswith("/api/") else "web",
            source_address=client_address(request),
            request_id=request_id,
            user_agent=request.headers.get("User-Agent", "")[:200],
        )
        token = context.activate(ctx)
        denials = context.forget_denials()
        try:
            response = self.get_response(request)
            if response.status_code == 403 and not context.denial_noted():
                _audit_refusal(request)
        finally:
            context.restore_denials(denials)
            context.deactivate(token)
        response["X-Request-ID"] = request_id
        return response


def _audit_refusal(request: HttpRequest) -> None:
    """Every refusal is audited (SECURITY 12). Base views and viewsets record their own with what
    was refused; this records any other 403 given to a signed-in user (a service's refusal, a
    view's own check) with its route."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    match = request.resolver_match
    declared = declared_access(match.func) if match is not None else None
    label = declared.split(":", 1)[0] if declared and ":" in declared else ""
    record_refusal(
        actor=user,
        object_type=label,
        object_id=str(match.kwargs.get("pk", "")) if match is not None else "",
        details={"reason": "forbidden", "route": request_route(request), "method": request.method},
    )


def content_security_policy() -> str:
    """Nothing inline, nothing from another site (SECURITY 21, 28): scripts and styles are static
    files; Leaflet's positions are set through the CSSOM, which a policy does not restrict. Map
    tiles may come from the tile server inside the police network (`JINGWANG_MAP_TILE_URL`)."""
    images = ["'self'", "data:", "blob:"]
    tiles = urlsplit(settings.MAP_TILE_URL) if settings.MAP_TILE_URL else None
    if tiles is not None and tiles.scheme in ("http", "https") and tiles.netloc:
        images.append(f"{tiles.scheme}://{tiles.netloc.replace('{s}', '*')}")  # {s}: Leaflet's subdomains
    images.extend(str(origin) for origin in getattr(settings, "MAP_TILE_ORIGINS", ()))  # e.g. 天地图's
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {' '.join(images)}",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


class SecurityHeadersMiddleware:
    """On every answer the application makes (static files are served before it and keep their
    caching): the Content-Security-Policy, unless the answer has its own (files are served with a
    sandbox), and `Cache-Control: no-store`, since any answer may carry personal data (SECURITY 28).
    HSTS is Django's SecurityMiddleware's (SECURE_HSTS_SECONDS, on with Secure cookies)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.current().request_id or "-"
        return True


_QUERY_STRING = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


class IdentifierLogFilter(logging.Filter):
    """No personal data in logs (SECURITY 13): request lines lose their query strings (a search
    may hold an ID or phone number) and any ID or phone number left in a message is masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: the handler reports it (handleError), a filter must not raise
            return True
        cleaned = redact.mask_text(_QUERY_STRING.sub(r"\1?…", message))
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


class NulCharacter(SuspiciousOperation):
    """A request that carries a NUL character where text is expected."""


class RefuseNulMiddleware:
    """No code, identifier, name or search term holds a NUL character, and PostgreSQL text cannot
    store one: a path, query string or JSON body carrying one is a 400 (Django's handler400, the
    error format under /api/) before any view, filter or audit row meets it. Uploads (multipart)
    are binary and left to the upload checks."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            raise NulCharacter("NUL character in the path or query string")
        if request.content_type == "application/json" and _JSON_NUL.search(request.body):
            raise NulCharacter("NUL character in a JSON body")
        return self.get_response(request)
