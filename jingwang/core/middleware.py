"""Request-wide context: a request id for logs and audit rows, and the caller's address."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from jingwang.core import context, redact

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


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


_QUERY_STRING = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")


class IdentifierLogFilter(logging.Filter):
    """No personal data in logs (SECURITY 13): request lines lose their query strings (a search
    may hold an ID or phone number) and any ID or phone number left in a message is masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact.mask_text(_QUERY_STRING.sub(r"\1?…", message))
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
