"""One JSON error format for the whole API, in the request's language."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from jingwang.core.errors import ServiceError

_DRF_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    415: "unsupported_media_type",
    429: "throttled",
}


def _error(status_code: int, code: str, message: Any, fields: dict[str, Any] | None = None) -> Response:
    body: dict[str, Any] = {"error": {"code": code, "message": str(message)}}
    if fields:
        body["error"]["fields"] = {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in fields.items()}
    return Response(body, status=status_code)


def exception_handler(exc: Exception, ctx: dict[str, Any]) -> Response | None:
    """`{"error": {"code", "message", "fields"?}}` for every failure, in the request's language."""
    if isinstance(exc, ServiceError):
        return _error(exc.status, exc.code, exc.message, exc.fields)
    if isinstance(exc, Http404):
        return _error(404, "not_found", _("Not found."))
    if isinstance(exc, DjangoPermissionDenied):
        return _error(403, "permission_denied", _("You do not have permission to do this."))
    response = drf_exception_handler(exc, ctx)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail: Any = exc.detail
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        out = _error(400, "invalid", _("Some fields are invalid."), fields)  # type: ignore[arg-type]
    else:
        detail = getattr(exc, "detail", "")  # type: ignore[assignment]
        code = getattr(detail, "code", None) or _DRF_CODES.get(response.status_code, "error")
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            code = "not_authenticated"
        out = _error(response.status_code, str(code), detail)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            out[header] = response[header]
    return out
