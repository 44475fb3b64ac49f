"""One JSON error format for the whole API, in the request's language.

DRF's exception handler covers what a view raises; the Django handlers below (wired in
`jingwang.urls`) cover what never reaches a view — an unknown path, a body over the size limit
caught before the view, a crash — so that nothing under /api/ answers with an HTML page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from jingwang.core.errors import ServiceError
from jingwang.core.middleware import NulCharacter

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


def _messages(value: Any, path: str, out: dict[str, list[str]]) -> None:
    """Flatten DRF's nested errors (a list field's `{0: [...]}`, a nested serializer's dict) into
    `{"ids.0": ["..."]}`: every key names a field, every value is a list of readable messages."""
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _messages(inner, f"{path}.{key}" if path else str(key), out)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            # A list of serializers' errors has one dict per item (empty for a valid one).
            _messages(item, f"{path}.{index}" if isinstance(item, Mapping) else path, out)
    elif value is not None:
        out.setdefault(path or "non_field_errors", []).append(str(value))


def error_body(code: str, message: Any, fields: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """`{"error": {"code", "message", "fields"?}}`: the one shape every API error has."""
    body: dict[str, Any] = {"error": {"code": code, "message": str(message)}}
    if fields:
        flat: dict[str, list[str]] = {}
        _messages(fields, "", flat)
        body["error"]["fields"] = flat
    return body


def _error(status_code: int, code: str, message: Any, fields: Mapping[str, Any] | None = None) -> Response:
    return Response(error_body(code, message, fields), status=status_code)


def _too_large(exc: Exception) -> tuple[int, str, str]:
    if isinstance(exc, RequestDataTooBig):
        return 413, "request_too_large", _("The request body is too large.")
    return 413, "request_too_large", _("The request has too many fields or files.")


def exception_handler(exc: Exception, ctx: dict[str, Any]) -> Response | None:
    """`{"error": {"code", "message", "fields"}}` for every failure, in the request's language."""
    if isinstance(exc, ServiceError):
        return _error(exc.status, exc.code, exc.message, exc.fields)
    if isinstance(exc, Http404):
        return _error(404, "not_found", _("Not found."))
    if isinstance(exc, DjangoPermissionDenied):
        return _error(403, "permission_denied", _("You do not have permission to do this."))
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return _error(*_too_large(exc))
    if isinstance(exc, exceptions.ParseError):
        # DRF's parsers word this in English with the parser's own detail ("JSON parse error - …").
        return _error(400, "parse_error", _("The request body is malformed and could not be read."))
    response = drf_exception_handler(exc, ctx)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail: Any = exc.detail
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        out = _error(400, "invalid", _("Some fields are invalid."), fields)
    else:
        detail = getattr(exc, "detail", "")
        code = getattr(detail, "code", None) or _DRF_CODES.get(response.status_code, "error")
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            code = "not_authenticated"
        out = _error(response.status_code, str(code), detail)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            out[header] = response[header]
    return out


# --- Django's error handlers (jingwang.urls): JSON under /api/, the usual pages elsewhere ------------


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _json(status_code: int, code: str, message: Any) -> JsonResponse:
    return JsonResponse(error_body(code, message), status=status_code, json_dumps_params={"ensure_ascii": False})


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return _json(*_too_large(exception))
    if isinstance(exception, NulCharacter):
        return _json(400, "invalid", _("Text may not contain NUL characters."))
    return _json(400, "bad_request", _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(403, "permission_denied", _("You do not have permission to do this."))
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(404, "not_found", _("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _json(500, "server_error", _("Something went wrong on the server; the error has been logged."))
    return defaults.server_error(request)
