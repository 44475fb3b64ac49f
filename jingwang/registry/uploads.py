"""Running an import from an uploaded file (pages and API): the file is kept only while it runs."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from jingwang.core.access import has_permission
from jingwang.core.errors import Forbidden, ServiceError
from jingwang.registry.imports import MODELS, ImportReport, import_file

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
SUFFIXES = {".csv", ".xlsx"}


def import_upload(*, by: Any, kind: str, upload: UploadedFile, dry_run: bool) -> ImportReport:
    if kind not in MODELS:
        raise ServiceError("invalid", _("Unknown kind of record."), fields={"kind": [_("Unknown value.")]})
    if not has_permission(by, MODELS[kind], "add"):
        raise Forbidden(_("You may not import this kind of record."))
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise ServiceError(
            "invalid", _("Upload a .csv or .xlsx file."), fields={"file": [_("Upload a .csv or .xlsx file.")]}
        )
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise ServiceError("invalid", _("The file is too large."), fields={"file": [_("The file is too large.")]})
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    # The original name is kept (the import job shows it) inside a private temporary folder.
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        path = Path(tmp) / Path(upload.name or f"upload{suffix}").name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return import_file(by=by, kind=kind, path=path, dry_run=dry_run)  # ImportFileError is a ServiceError


def report_dict(report: ImportReport, *, problems: int = 1000) -> dict[str, Any]:
    return {
        "kind": report.kind,
        "file_name": report.file_name,
        "dry_run": report.dry_run,
        "rows": report.rows,
        "created": report.created,
        "present": report.present,
        "bad": report.bad,
        "problems": [{"line": p.line, "field": p.field, "message": p.message} for p in report.problems[:problems]],
        "preview": report.preview,
        "ignored_columns": report.ignored_columns,
        "job": report.job_id,
    }
