"""Errors a service raises for a person to read; the API and the pages render them the same way."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A refused operation: a stable machine code plus a message in the user's language."""

    status = 400

    def __init__(self, code: str, message: Any, *, fields: dict[str, list[Any]] | None = None) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
        self.fields = fields or {}


class NotFound(ServiceError):
    """Missing, or out of the caller's scope: the two look the same (SECURITY 1)."""

    status = 404

    def __init__(self, message: Any = None) -> None:
        from django.utils.translation import gettext_lazy as _

        super().__init__("not_found", message or _("Not found."))


class Forbidden(ServiceError):
    """The caller's role may not do this at all (403); scope refusals are NotFound instead."""

    status = 403

    def __init__(self, message: Any = None, *, code: str = "permission_denied") -> None:
        from django.utils.translation import gettext_lazy as _

        super().__init__(code, message or _("You do not have permission to do this."))


class Conflict(ServiceError):
    status = 409


class PreconditionFailed(ServiceError):
    status = 412


class PreconditionRequired(ServiceError):
    status = 428
