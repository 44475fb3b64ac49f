"""Running an import from an uploaded file (pages and API): the file goes through the upload module
(a CSV must be plain text, an xlsx a workbook, whatever its name) and is kept only while it runs."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from jingwang.core import uploads
from jingwang.core.access import has_permission
from jingwang.core.errors import Forbidden, ServiceError
from jingwang.registry.imports.importer import MODELS, ImportReport, import_file


def import_upload(*, by: Any, kind: str, upload: UploadedFile, dry_run: bool) -> ImportReport:
    if kind not in MODELS:
        raise ServiceError("invalid", _("Unknown kind of record."), fields={"kind": [_("Unknown value.")]})
    if not has_permission(by, MODELS[kind], "add"):
        raise Forbidden(_("You may not import this kind of record."))
    stored = uploads.accept(upload, use=uploads.IMPORT_TABLE, field="file")
    try:
        # ImportFileError is a ServiceError; the original name is what the import job shows.
        return import_file(
            by=by, kind=kind, path=uploads.local_path(stored), dry_run=dry_run, file_name=stored.original_name
        )
    finally:
        uploads.discard([stored])


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
