"""Importing incidents from the dispatch and records systems' files (CSV or xlsx), from the command
line (`jingwang import incidents FILE`) and from the import page, through `record_incidents`.

Columns are matched after dropping spaces, underscores, hyphens, asterisks and anything in brackets
(the registry's reader, `registry.imports.tabular.open_columns`):

| field | English | 中文 |
|---|---|---|
| number | incident number, number | 警情编号, 接警编号, 警情号, 接警单编号, 事件编号 |
| occurred_at | occurred at, time | 发案时间, 案发时间, 发生时间, 事发时间 |
| reported_at | reported at, call time | 报警时间, 接警时间 |
| place | place, address | 发案地点, 案发地点, 事发地点, 发生地点, 报警地址, 地点, 地址 |
| lon / lat | lon, lng, longitude / lat, latitude | 经度 / 纬度 |
| category | category, type | 警情类别, 警情类型, 警情性质, 案件类别, 类别 |
| outcome | outcome, result | 处警结果, 处置结果, 处理结果 |
| summary | summary, description | 简要警情, 警情摘要, 报警内容, 简要案情, 内容 |
| caller_name / caller_id_number / caller_phone | caller … | 报警人, 报警人身份证号, 报警电话, 报警人电话 |
| victim_name / victim_id_number / victim_phone | victim … | 受害人, 受害人身份证号, 受害人电话 |

Without an occurrence time the time of the call stands for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from jingwang.core import uploads
from jingwang.core.access import has_permission
from jingwang.core.errors import Forbidden
from jingwang.core.types import Actor
from jingwang.incidents.cleaning import FIELDS
from jingwang.incidents.models import Incident, Source
from jingwang.incidents.services import RecordResult, record_incidents
from jingwang.registry.imports.kinds import FileImportSummary
from jingwang.registry.imports.tabular import ImportFileError, Table, normalise_header, open_columns

ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("incident number", "no", "警情编号", "接警编号", "警情号", "接警单编号", "事件编号", "警情单号"),
    "occurred_at": ("occurred at", "time", "发案时间", "案发时间", "发生时间", "事发时间"),
    "reported_at": ("reported at", "call time", "报警时间", "接警时间"),
    "place": ("place", "address", "发案地点", "案发地点", "事发地点", "发生地点", "报警地址", "地点", "地址"),
    "lon": ("lng", "longitude", "经度"),
    "lat": ("latitude", "纬度"),
    "category": ("category", "type", "警情类别", "警情类型", "警情性质", "案件类别", "类别"),
    "outcome": ("result", "处警结果", "处置结果", "处理结果"),
    "summary": ("description", "简要警情", "警情摘要", "报警内容", "简要案情", "内容"),
    "caller_name": ("caller", "报警人", "报警人姓名"),
    "caller_id_number": ("caller id number", "报警人身份证号", "报警人身份证号码", "报警人证件号码"),
    "caller_phone": ("caller phone", "报警电话", "报警人电话", "报警人联系电话"),
    "victim_name": ("victim", "受害人", "被害人", "受害人姓名"),
    "victim_id_number": ("victim id number", "受害人身份证号", "受害人身份证号码", "受害人证件号码"),
    "victim_phone": ("victim phone", "受害人电话", "受害人联系电话"),
}
HEADERS: dict[str, str] = {normalise_header(word): name for name in FIELDS for word in (name, *ALIASES.get(name, ()))}


def _check_columns(headers: list[str], fields: list[str | None]) -> list[str]:
    doubled = sorted({f for f in fields if f is not None and fields.count(f) > 1})
    if doubled:
        names = ", ".join(h for h, f in zip(headers, fields, strict=True) if f in doubled)
        raise ImportFileError(_("Several columns mean the same field: %(columns)s.") % {"columns": names})
    present = set(fields)
    missing = [f for f in ("number", "category") if f not in present]
    if not {"occurred_at", "reported_at"} & present:
        missing.append("occurred_at")
    if missing:
        raise ImportFileError(_("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    if "place" not in present and not {"lon", "lat"} <= present:
        raise ImportFileError(_("Give the place or the coordinates of each incident: no such column."))
    return [h for h, f in zip(headers, fields, strict=True) if f is None and h]


def _rows(table: Table) -> Iterator[dict[str, object]]:
    for line, record in table.records():
        row: dict[str, object] = dict(record)
        row["line"] = line
        yield row


def import_file(*, by: Actor | None, path: str | Path, dry_run: bool = False, file_name: str = "") -> RecordResult:
    """Import one file; `ImportFileError` (a ServiceError) when it cannot be imported at all."""
    path = Path(path)
    with open_columns(path, HEADERS, _check_columns) as table:
        result = record_incidents(
            _rows(table), by=by, source=Source.IMPORT, dry_run=dry_run, file_name=file_name or path.name
        )
        result.ignored_columns = table.ignored
    return result


def import_upload(*, by: Actor, upload: UploadedFile, dry_run: bool) -> RecordResult:
    if not has_permission(by, Incident, "add"):
        raise Forbidden(_("You may not import incidents."))
    stored = uploads.accept(upload, use=uploads.IMPORT_TABLE, field="file")
    try:
        return import_file(by=by, path=uploads.local_path(stored), dry_run=dry_run, file_name=stored.original_name)
    finally:
        uploads.discard([stored])


def command_import(path: Path, dry_run: bool) -> FileImportSummary:
    """`jingwang import incidents FILE [--dry-run]` (declared from the app's ready())."""
    result = import_file(by=None, path=path, dry_run=dry_run)
    return FileImportSummary(
        rows=result.rows,
        created=result.created,
        present=result.present,
        bad=result.bad,
        problems=[str(p) for p in result.problems],
        ignored_columns=result.ignored_columns,
        notes=[f"{result.unmatched:,} on no grid"],
    )
