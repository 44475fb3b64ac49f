"""Import watch-list entries from a CSV file (e.g. a wanted-persons list handed down by the bureau).

Columns (Chinese or English headers, UTF-8 or GB18030): 姓名/name, 身份证号/id_number, 出生日期/
birth_date (optional; must agree with the ID number), 处置要求/instruction (or a default for the
whole file), 敏感信息/sensitive_details (optional). Every bad line is reported with its number and
the good lines are written; a fatal problem (unreadable file, missing column, no rows) writes
nothing. Re-importing the same file adds nothing: entries are unique per (list, ID number).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.core import crypto, identity, uploads
from jingwang.core.dates import parse_date
from jingwang.registry.identifiers import ID_CONTEXT
from jingwang.verification.models import WatchEntry
from jingwang.verification.services.checks import lapse_today
from jingwang.verification.services.watchlists import ENTRY_LABEL, _require, access_watchlist

HEADERS = {
    "name": ("姓名", "name"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "证件号码", "id_number", "idnumber"),
    "birth_date": ("出生日期", "birth_date", "birthdate"),
    "instruction": ("处置要求", "处置措施", "指令", "instruction"),
    "sensitive_details": ("敏感信息", "详情", "简要案情", "sensitive_details", "details"),
}
BATCH = 2000


@dataclass
class ImportLine:
    line: int
    messages: list[str]


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    rows: int = 0
    created: int = 0
    present: int = 0
    bad: list[ImportLine] = field(default_factory=list)
    fatal: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "present": self.present,
            "bad": [{"line": b.line, "messages": b.messages} for b in self.bad],
            "fatal": self.fatal,
            "dry_run": self.dry_run,
        }


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _column(header: str) -> str | None:
    key = header.strip().lower().replace(" ", "_")
    for name, words in HEADERS.items():
        if key in words or header.strip() in words:
            return name
    return None


@dataclass
class _Row:
    line: int
    name: str
    id_number: str
    birth: date | None
    instruction: str
    details: str


def _parse(text: str, default_instruction: str, report: ImportReport) -> list[_Row]:
    reader = csv.reader(io.StringIO(text))
    header: list[str | None] | None = None
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(reader, start=1):
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [_column(c) for c in cells]
            missing = [n for n in ("name", "id_number") if n not in header]
            if "instruction" not in header and not default_instruction.strip():
                missing.append("instruction")
            if missing:
                report.fatal.append(
                    _("Columns missing: %(columns)s.") % {"columns": ", ".join(HEADERS[m][0] for m in missing)}
                )
                return []
            continue
        report.rows += 1
        values = {name: cells[i].strip() for i, name in enumerate(header) if name and i < len(cells)}
        problems: list[str] = []
        name = values.get("name", "")
        if not name:
            problems.append(_("The name is missing."))
        elif len(name) > 50:
            problems.append(_("The name is longer than 50 characters."))
        check = identity.check_id_number(values.get("id_number", ""))
        if not check.valid:
            problems.extend(p.message for p in check.errors)
        birth: date | None = check.birth_date
        if values.get("birth_date"):
            try:
                given = parse_date(values["birth_date"])
            except ValueError:
                problems.append(_("The birth date is not a date."))
            else:
                if check.valid and given != check.birth_date:
                    problems.append(_("The birth date differs from the one in the ID number."))
        instruction = values.get("instruction", "") or default_instruction.strip()
        if not instruction:
            problems.append(_("The instruction to the officer is missing."))
        if check.valid:
            first = seen.setdefault(check.normalized, number)
            if first != number:
                problems.append(_("The same ID number is on line %(line)d.") % {"line": first})
        if problems:
            report.bad.append(ImportLine(number, problems))
            continue
        rows.append(_Row(number, name, check.normalized, birth, instruction[:300], values.get("sensitive_details", "")))
    if header is None:
        report.fatal.append(_("The file has no header row."))
    elif report.rows == 0:
        report.fatal.append(_("The file has no rows."))
    return rows


def entries_import_upload(
    *, by: Any, watchlist_id: int, upload: UploadedFile, default_instruction: str = "", dry_run: bool = False
) -> ImportReport:
    """Import an uploaded CSV (pages and API): checked by the upload module first (plain text, never
    markup or a program, whatever its name), read at once and never kept."""
    _require(by, ENTRY_LABEL, "add")
    uploads.check(upload, use=uploads.WATCHLIST_TABLE, field="file")
    upload.seek(0)
    return entries_import(
        by=by, watchlist_id=watchlist_id, data=upload.read(), default_instruction=default_instruction, dry_run=dry_run
    )


def entries_import(
    *, by: Any, watchlist_id: int, data: bytes, default_instruction: str = "", dry_run: bool = False
) -> ImportReport:
    """Import identifier-only entries into a list; see the module's description."""
    _require(by, ENTRY_LABEL, "add")
    report = ImportReport(dry_run=dry_run)
    text = _decode(data)
    if text is None:
        report.fatal.append(_("The file is neither UTF-8 nor GB18030 text."))
        return report
    rows = _parse(text, default_instruction, report)
    if report.fatal:
        return report
    with transaction.atomic():
        watchlist = access_watchlist(by, watchlist_id, "add", lock=True)
        review = lapse_today(watchlist.review_period_days)
        indexed = [(crypto.blind_index(r.id_number, context=ID_CONTEXT), r) for r in rows]
        present: set[str] = set()
        keys = [k for k, _row in indexed]
        for start in range(0, len(keys), BATCH):
            present.update(
                WatchEntry.objects.filter(
                    watchlist=watchlist, id_number_index__in=keys[start : start + BATCH]
                ).values_list("id_number_index", flat=True)
            )
        new = [(k, r) for k, r in indexed if k not in present]
        report.present = len(indexed) - len(new)
        report.created = len(new)
        if dry_run:
            return report
        by_id = by.pk if getattr(by, "pk", None) else None
        for start in range(0, len(new), BATCH):
            WatchEntry.objects.bulk_create(
                [
                    WatchEntry(
                        watchlist=watchlist,
                        name=r.name,
                        birth_date=r.birth,
                        id_number_enc=crypto.encrypt(r.id_number, context=ID_CONTEXT),
                        id_number_index=k,
                        id_number_masked=identity.mask_id_number(r.id_number),
                        instruction=r.instruction,
                        sensitive_details=r.details,
                        review_date=review,
                        created_by_id=by_id,
                    )
                    for k, r in new[start : start + BATCH]
                ]
            )
        audit_record(
            action="verification.watchentry.import",
            actor=by,
            object_type=ENTRY_LABEL,
            object_id=watchlist.pk,
            result_count=report.created,
            details={
                "rows": report.rows,
                "created": report.created,
                "present": report.present,
                "bad_lines": [b.line for b in report.bad][:200],
            },
        )
    return report
