"""Importing warnings from the anti-fraud centre's files (CSV or xlsx), from the command line
(`jingwang import antifraud FILE`) and from the import page, through `warnings_receive` (the API's
service): the whole file or nothing, idempotent on the reference.

| field | English | 中文 |
|---|---|---|
| reference | reference, no | 预警编号, 编号, 预警号 |
| risk | risk, risk level | 风险等级, 预警等级, 等级 (高/中/低 or high/medium/low) |
| fraud_type | fraud type, type | 诈骗类型, 涉诈类型, 类型 (the code table's code or name) |
| warned_at | warned at, time | 预警时间, 下发时间 |
| name / id_number / phone | … | 姓名, 身份证号, 手机号/电话 |
| station | station | 派出所, 派出所代码 |
| details | details | 预警内容, 详情, 备注 |
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from jingwang.antifraud.models import FraudType, Source, Warning
from jingwang.antifraud.services import WarningRow, warnings_receive
from jingwang.core import uploads
from jingwang.core.access import has_permission
from jingwang.core.errors import Forbidden, ServiceError
from jingwang.core.types import Actor
from jingwang.registry.imports.kinds import FileImportSummary, declare_file_import
from jingwang.registry.imports.tabular import ImportFileError, Table, normalise_header, open_columns

FIELDS = ("reference", "risk", "fraud_type", "warned_at", "name", "id_number", "phone", "station", "details")
ALIASES: dict[str, tuple[str, ...]] = {
    "reference": ("no", "预警编号", "编号", "预警号"),
    "risk": ("risk level", "风险等级", "预警等级", "等级"),
    "fraud_type": ("fraud type", "type", "诈骗类型", "涉诈类型", "类型"),
    "warned_at": ("warned at", "time", "预警时间", "下发时间"),
    "name": ("姓名", "预警对象"),
    "id_number": ("id number", "身份证号", "身份证号码", "证件号码"),
    "phone": ("mobile", "手机号", "手机号码", "电话", "联系电话"),
    "station": ("派出所", "派出所代码"),
    "details": ("预警内容", "详情", "备注"),
}
HEADERS = {normalise_header(w): name for name in FIELDS for w in (name, *ALIASES.get(name, ()))}
RISKS = {"高": "high", "中": "medium", "低": "low", "高风险": "high", "中风险": "medium", "低风险": "low"}


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    present: int = 0
    problems: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


class _DryRun(Exception):
    pass


def _check_columns(headers: list[str], fields: list[str | None]) -> list[str]:
    missing = [f for f in ("reference", "risk", "fraud_type") if f not in fields]
    if missing:
        raise ImportFileError(_("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    if not {"name", "id_number", "phone"} & set(fields):
        raise ImportFileError(_("Give a name, ID number or phone column."))
    return [h for h, f in zip(headers, fields, strict=True) if f is None and h]


def _when(text: str) -> datetime | None:
    text = text.strip().replace("/", "-")
    if not text:
        return None
    found = parse_datetime(text)
    if found is None:
        raise ValueError(text)
    return timezone.make_aware(found) if timezone.is_naive(found) else found


def _rows(table: Table, names: dict[str, str]) -> tuple[list[int], list[WarningRow], list[str]]:
    lines, rows, problems = [], [], []
    for line, rec in table.records():
        try:
            warned_at = _when(rec.get("warned_at", "") or "")
        except ValueError:
            problems.append(f"{_('line')} {line}: warned_at: {_('Not a date and time.')}")
            warned_at = None
        fraud = (rec.get("fraud_type") or "").strip()
        risk = (rec.get("risk") or "").strip()
        rows.append(
            WarningRow(
                reference=(rec.get("reference") or "").strip(), risk=RISKS.get(risk, risk.lower()),
                fraud_type=names.get(fraud, fraud), warned_at=warned_at, name=(rec.get("name") or "").strip(),
                id_number=rec.get("id_number") or "", phone=rec.get("phone") or "",
                station=(rec.get("station") or "").strip(), details=rec.get("details") or "",
            )
        )  # fmt: skip
        lines.append(line)
    return lines, rows, problems


def _by_line(error: ServiceError, lines: list[int]) -> Iterable[str]:
    for key, messages in error.fields.items():
        m = re.match(r"rows\[(\d+)\]\.(\w+)", key)
        where = f"{_('line')} {lines[int(m.group(1))]}: {m.group(2)}" if m else key
        yield f"{where}: {'; '.join(str(x) for x in messages)}"


def import_file(*, by: Actor | None, path: str | Path, dry_run: bool = False) -> ImportResult:
    """Import one file, all or nothing; bad rows are reported by line and field."""
    names = {t.name: t.code for t in FraudType.objects.all()}
    result = ImportResult()
    with open_columns(Path(path), HEADERS, _check_columns) as table:
        lines, rows, problems = _rows(table, names)
        result.ignored_columns = table.ignored
    result.rows = len(rows)
    if problems:
        result.problems = problems
        return result
    if not rows:
        result.problems = [_("The file holds no warnings.")]
        return result
    try:
        with transaction.atomic():
            received = warnings_receive(by=by, rows=rows, source=Source.IMPORT)
            result.created = received.created
            result.present = len(rows) - received.created
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except ServiceError as e:
        result.created = result.present = 0
        result.problems = list(_by_line(e, lines)) or [str(e.message)]
    return result


def import_upload(*, by: Actor, upload: UploadedFile, dry_run: bool = False) -> ImportResult:
    if not has_permission(by, Warning, "add"):
        raise Forbidden(_("You may not import warnings."))
    stored = uploads.accept(upload, use=uploads.IMPORT_TABLE, field="file")
    try:
        return import_file(by=by, path=uploads.local_path(stored), dry_run=dry_run)
    finally:
        uploads.discard([stored])


def command_import(path: Path, dry_run: bool) -> FileImportSummary:
    r = import_file(by=None, path=path, dry_run=dry_run)
    return FileImportSummary(rows=r.rows, created=r.created, present=r.present, bad=len(r.problems),
                             problems=r.problems, ignored_columns=r.ignored_columns)  # fmt: skip


declare_file_import("antifraud", command_import)
