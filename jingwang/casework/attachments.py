"""Files kept with a case, for every case type: given when the case is opened (its type's own
service passes them) or with a transition whose input takes files (moves.NoteWithFilesInput).
Checked and stored through `jingwang.core.uploads` (private storage, type from the bytes), served
by the case page and the API only within the case's scope, each read audited.

    attachments_keep(*, case, by, files, stage)           -> list[CaseAttachment]  (inside the write)
    attachment_response(*, by, case_id, attachment_id)    -> FileResponse           (scoped, audited)
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.casework.models import Case, CaseAttachment
from jingwang.casework.workflow import case_type
from jingwang.core import uploads
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.types import Actor, Viewer

MAX_FILES = 9


def attachments_keep(
    *, case: Case, by: Actor | None, files: list[UploadedFile], stage: str = CaseAttachment.OPENED
) -> list[CaseAttachment]:
    """Check every file (type from its bytes, size; a refusal keeps none) and keep them with the
    case; call inside the case write's transaction (a later failure removes the files again)."""
    if len(files) > MAX_FILES:
        message = _("At most %(n)d files.") % {"n": MAX_FILES}
        raise ServiceError("invalid", _("Some fields are invalid."), fields={"files": [message]})
    stored = uploads.accept_all(files, use=uploads.EVIDENCE, field="files")
    with uploads.removed_on_failure(stored):
        return CaseAttachment.objects.bulk_create(
            CaseAttachment(
                case=case,
                stage=stage,
                file=item.name,
                name=item.original_name or "file",
                content_type=item.content_type,
                size=item.size,
                sha256=item.sha256,
                uploaded_by=by,
            )
            for item in stored
        )


def attachment_response(*, by: Viewer, case_id: int, attachment_id: int) -> FileResponse:
    """One file of a case in the caller's scope (NotFound otherwise), with the type read from its
    bytes when it was kept; the read is audited, under the case type's `attachment_purpose`."""
    item = CaseAttachment.objects.filter(pk=attachment_id, case_id=case_id).first()
    kind = Case.objects.restrict(by).filter(pk=case_id).values_list("kind", flat=True).first()
    if item is None or kind is None:
        raise NotFound()
    audit_record(
        action="casework.attachment.read",
        actor=by,
        object_type="casework.caseattachment",
        object_id=item.pk,
        details={"case": case_id},
        purpose=case_type(kind).attachment_purpose,
    )
    return uploads.file_response(item.file.name, content_type=item.detected_type, filename=item.name)
