"""Mediation sessions (with the signed agreement) and return visits."""

from __future__ import annotations

from datetime import datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.core import uploads
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.types import Actor
from jingwang.disputes.models import (
    MediationSession,
    ReturnVisit,
    Status,
    VisitMethod,
)
from jingwang.disputes.services import flow
from jingwang.disputes.services.common import Errors, bump, invalid, locked_dispute, require_status


def _minute(moment: datetime) -> datetime:
    """Forms give times to the minute: a session at 10:05 may follow a report at 10:05:40."""
    return moment.replace(second=0, microsecond=0)


def session_record(
    *,
    by: Actor,
    dispute_id: int,
    held_at: datetime,
    participants: str,
    notes: str = "",
    place: str = "",
    agreement: UploadedFile | None = None,
) -> MediationSession:
    """Record a session of a dispute one holds (the referred mediator, or the handling officer)."""
    errors: Errors = {}
    if not participants.strip():
        errors["participants"] = [_("Name who took part.")]
    if held_at > timezone.now():
        errors["held_at"] = [_("This time is in the future.")]
    if errors:
        raise invalid(errors)
    # The file is checked and kept first, under a random name; if the transaction fails it is removed.
    stored = uploads.accept(agreement, use=uploads.AGREEMENT, field="agreement") if agreement is not None else None
    with uploads.removed_on_failure([stored] if stored else []), transaction.atomic():
        dispute = locked_dispute(by, dispute_id, "mediate")
        require_status(dispute, Status.HANDLING, Status.REFERRED)
        holder = dispute.mediator_id if dispute.status == Status.REFERRED else dispute.officer_id
        if holder != by.pk:
            raise ServiceError("not_holder", _("Only the one holding the dispute records its sessions."))
        if held_at < _minute(dispute.opened_at):
            raise invalid({"held_at": [_("The session cannot be before the dispute was reported.")]})
        session = MediationSession(
            dispute=dispute,
            held_at=held_at,
            place=place.strip()[:200],
            participants=participants.strip(),
            notes=notes.strip(),
            recorded_by=by,
        )
        if stored is not None:
            session.agreement.name = stored.name
            session.agreement_name = stored.original_name or "agreement"
            session.agreement_type = stored.content_type
            session.agreement_sha256 = stored.sha256
        session.save()
        bump(dispute, [])
        audit_record(
            action="disputes.session.record",
            actor=by,
            object_type="disputes.dispute",
            object_id=dispute.pk,
            details={"session": session.pk, "agreement": session.agreement_sha256 or None},
        )
        flow.noted(
            dispute,
            by=by,
            note=str(_("Mediation session recorded, with the signed agreement"))
            if stored is not None
            else str(_("Mediation session recorded")),
        )
    return session


def agreement_read(*, by: Actor, session_id: int) -> MediationSession:
    """The session whose agreement `by` is about to read, if `by` may see the dispute; audited."""

    session = MediationSession.objects.restrict(by, "view").select_related("dispute").filter(pk=session_id).first()
    if session is None or not session.agreement:
        raise NotFound()
    with transaction.atomic():
        audit_record(
            action="disputes.agreement.read",
            actor=by,
            object_type="disputes.dispute",
            object_id=session.dispute_id,
            details={"session": session.pk},
        )
    return session


def return_visit_record(
    *,
    by: Actor,
    dispute_id: int,
    visited_at: datetime,
    method: str = VisitMethod.IN_PERSON,
    holds: bool = True,
    satisfied: bool = True,
    notes: str = "",
) -> ReturnVisit:
    """Record a return visit to the parties of a resolved dispute."""
    errors: Errors = {}
    if method not in VisitMethod.values:
        errors["method"] = [_("Choose one of the listed values.")]
    if visited_at > timezone.now():
        errors["visited_at"] = [_("This time is in the future.")]
    if errors:
        raise invalid(errors)
    with transaction.atomic():
        dispute = locked_dispute(by, dispute_id, "visit")
        require_status(dispute, Status.RESOLVED)
        if dispute.resolved_at and visited_at < _minute(dispute.resolved_at):
            raise invalid({"visited_at": [_("The return visit comes after the outcome.")]})
        visit = ReturnVisit.objects.create(
            dispute=dispute,
            visited_at=visited_at,
            method=method,
            holds=holds,
            satisfied=satisfied,
            notes=notes.strip(),
            visited_by=by,
        )
        bump(dispute, [])
        audit_record(
            action="disputes.return_visit.record",
            actor=by,
            object_type="disputes.dispute",
            object_id=dispute.pk,
            details={"visit": visit.pk, "holds": holds, "satisfied": satisfied},
        )
        flow.noted(
            dispute,
            by=by,
            note=_("Return visit: the settlement holds") if holds else _("Return visit: the settlement does not hold"),
        )
    return visit
