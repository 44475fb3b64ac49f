"""The generated OpenAPI schema (drf-spectacular), adjusted so that it describes what the API does:
plain arrays where an action answers with one, integer ids in paths, the bearer token, and the one
error format (jingwang.api.errors) for every error an operation can answer with."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """Only `list` paginates and filters here (`count` filters too, said where it is declared), and
    the actions a viewset names in `paginated_actions` (a search POSTing its filters) paginate:
    every other action that answers with many items (history, timeline, delays, members) returns
    a plain array of everything it has, and must be documented as one."""

    def _get_paginator(self) -> Any:
        action = getattr(self.view, "action", None)
        if action != "list" and action not in getattr(self.view, "paginated_actions", ()):
            return None
        return super()._get_paginator()

    def get_filter_backends(self) -> list[Any]:
        if getattr(self.view, "action", None) != "list":
            return []
        return super().get_filter_backends()


class BearerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "jingwang.accounts.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer", "description": "POST /api/v1/auth/token/ gives the token."}


class SessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "jingwang.accounts.authentication.SessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": "jingwang_session"}


_ID_PATTERNS = {"^[0-9]+$", r"^\d+$"}


def integer_path_ids(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Record ids in paths are matched by a digits-only pattern (jingwang.api.conventions), which
    drf-spectacular can only describe as a string with a pattern: they are integers."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                schema = parameter.get("schema", {})
                if parameter.get("in") == "path" and schema.get("pattern") in _ID_PATTERNS:
                    parameter["schema"] = {"type": "integer", "minimum": 1}
    return result


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "description": "stable machine code, e.g. not_found, invalid"},
                "message": {"type": "string", "description": "for a person, in the request's language"},
                "fields": {
                    "type": "object",
                    "description": "field (dotted for nested values, e.g. ids.0) → messages",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}
# What any operation may answer with (conventions, authentication, scope, throttling) and what
# any write may add (conflicts, If-Match, body size and type, Idempotency-Key).
_ANY = (400, 401, 403, 404, 429)
_WRITES = (409, 412, 413, 415, 422, 428)


def error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Every operation documents its errors in the one error format."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = _ANY + (_WRITES if method in ("post", "put", "patch", "delete") else ())
            for code in codes:
                operation["responses"].setdefault(
                    str(code), {"description": HTTPStatus(code).phrase, "content": content}
                )
            # The server in front (gunicorn) refuses a request line over 4 KiB itself, with its own page.
            operation["responses"].setdefault("414", {"description": "URI Too Long (answered by the web server)"})
    return result
