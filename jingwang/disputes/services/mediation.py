"""Mediation sessions (with the signed agreement) and return visits."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.core.errors import ServiceError
from jingwang.disputes.models import (
    MediationSession,
    ReturnVisit,
    Status,
    VisitMethod,
    agreement_path,
    private_storage,
)
from jingwang.disputes.services import flow
from jingwang.disputes.services.common import bump, invalid, locked_dispute, require_status

MAX_AGREEMENT_BYTES = 20 * 1024 * 1024
# What an agreement may be (a scan or a PDF), recognised by its first bytes, not by its name.
SIGNATURES: dict[str, tuple[bytes, str]] = {
    ".pdf": (b"%PDF-", "application/pdf"),
    ".png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
}


def _minute(moment: datetime) -> datetime:
    """Forms give times to the minute: a session at 10:05 may follow a report at 10:05:40."""
    return moment.replace(second=0, microsecond=0)


def check_agreement(upload: UploadedFile) -> tuple[str, str]:
    """(suffix, content type) of an acceptable agreement file, else a ServiceError."""
    suffix = Path(upload.name or "").suffix.lower()
    bad = _("Upload the signed agreement as a PDF, JPEG or PNG file.")
    if suffix not in SIGNATURES:
        raise invalid({"agreement": [bad]})
    if not upload.size or upload.size > MAX_AGREEMENT_BYTES:
        raise invalid({"agreement": [_("The file is empty or larger than 20 MB.")]})
    magic, content_type = SIGNATURES[suffix]
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise invalid({"agreement": [bad]})
    return suffix, content_type


def session_record(
    *,
    by: Any,
    dispute_id: int,
    held_at: datetime,
    participants: str,
    notes: str = "",
    place: str = "",
    agreement: UploadedFile | None = None,
) -> MediationSession:
    """Record a session of a dispute one holds (the referred mediator, or the handling officer)."""
    errors: dict[str, list[Any]] = {}
    if not participants.strip():
        errors["participants"] = [_("Name who took part.")]
    if held_at > timezone.now():
        errors["held_at"] = [_("This time is in the future.")]
    if errors:
        raise invalid(errors)
    content_type = ""
    if agreement is not None:
        _suffix, content_type = check_agreement(agreement)
    stored = ""
    if agreement is not None:
        # The file is written first, under a random name; if the transaction fails it is removed.
        digest = hashlib.sha256()
        for chunk in agreement.chunks():
            digest.update(chunk)
        agreement.seek(0)
        stored = private_storage().save(agreement_path(None, agreement.name or "agreement.pdf"), agreement)
    try:
        with transaction.atomic():
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
            if agreement is not None:
                session.agreement.name = stored
                session.agreement_name = Path(agreement.name or "agreement").name[:200]
                session.agreement_type = content_type
                session.agreement_sha256 = digest.hexdigest()
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
                if agreement is not None
                else str(_("Mediation session recorded")),
            )
    except BaseException:
        if stored:
            private_storage().delete(stored)
        raise
    return session


def agreement_open(*, by: Any, session_id: int) -> tuple[MediationSession, Any]:
    """The session and its agreement file opened for reading, if `by` may see the dispute; audited."""
    from jingwang.core.errors import NotFound

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
    return session, private_storage().open(session.agreement.name, "rb")


def return_visit_record(
    *,
    by: Any,
    dispute_id: int,
    visited_at: datetime,
    method: str = VisitMethod.IN_PERSON,
    holds: bool = True,
    satisfied: bool = True,
    notes: str = "",
) -> ReturnVisit:
    """Record a return visit to the parties of a resolved dispute."""
    errors: dict[str, list[Any]] = {}
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
