"""Request-wide context: a request id for logs and audit rows, and the caller's address."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse

from jingwang.core import context

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# \u0000 in a JSON text: the escape itself, not an escaped backslash followed by "u0000".
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _REQUEST_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        ctx = context.RequestContext(
            source="api" if request.path.startswith("/api/") else "web",
            source_address=request.META.get("REMOTE_ADDR", ""),
            request_id=request_id,
            user_agent=request.headers.get("User-Agent", "")[:200],
        )
        token = context.activate(ctx)
        try:
            response = self.get_response(request)
        finally:
            context.deactivate(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = context.current().request_id or "-"
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
