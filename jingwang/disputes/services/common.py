"""What the dispute services share: scoped, locked look-ups and the error for bad input."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jingwang.core.access import has_permission
from jingwang.core.errors import Conflict, NotFound, PreconditionFailed, ServiceError
from jingwang.core.types import Actor
from jingwang.disputes.models import Dispute, Status

Message = str | Promise
Errors = dict[str, list[Message]]  # field → its problems, in the user's language


class Forbidden(ServiceError):
    """The caller's role may not do this at all (403), whatever the record."""

    status = 403

    def __init__(self, message: Message | None = None) -> None:
        super().__init__("permission_denied", message or _("Your role may not do this."))


def invalid(errors: Errors) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields=errors)


def locked_dispute(by: Actor, dispute_id: int, action: str, *, expected_version: int | None = None) -> Dispute:
    """The dispute, locked, if `by` may do `action` on it; NotFound when out of scope or missing,
    permission_denied when the role may not do this at all (inside the caller's transaction)."""
    if not has_permission(by, Dispute, action):
        if Dispute.objects.restrict(by, "view").filter(pk=dispute_id).exists():
            raise Forbidden()
        raise NotFound()
    dispute = Dispute.objects.restrict(by, action).select_for_update().filter(pk=dispute_id).first()
    if dispute is None:
        raise NotFound()
    if expected_version is not None and dispute.version != expected_version:
        raise PreconditionFailed("stale_version", _("Someone changed this record in the meantime; reload it."))
    return dispute


def require_status(dispute: Dispute, *allowed: str) -> None:
    if dispute.status not in allowed:
        raise Conflict(
            "wrong_stage",
            _("This cannot be done while the dispute is “%(status)s”.") % {"status": dispute.get_status_display()},
        )


def bump(dispute: Dispute, fields: list[str]) -> None:
    dispute.version += 1
    dispute.save(update_fields=[*fields, "version"])


__all__ = ["Errors", "Forbidden", "Message", "Status", "bump", "invalid", "locked_dispute", "require_status"]
