"""Reading import files: CSV (UTF-8 with or without BOM, else GB18030 as Chinese Excel saves it)
and xlsx, with column headers in English or Chinese.

Headers are matched after dropping spaces, underscores, hyphens, asterisks and anything in
brackets (so `身份证号（必填）`, `*姓名` and `ID number` all match). The mapping, by field:

| field | English | 中文 |
|---|---|---|
| name | name | 姓名, 名称, 单位名称, 企业名称 (units) |
| former_names | former names | 曾用名 |
| sex | sex, gender | 性别 |
| birth_date | birth date, date of birth, dob | 出生日期, 出生年月日, 生日 |
| document_type | document type | 证件类型, 证件种类 |
| id_number | id number, id no, id card | 身份证号, 身份证号码, 公民身份号码, 证件号码, 证件号 |
| phone | phone, mobile | 手机号, 手机号码, 联系电话, 电话 |
| residence_type | residence type | 居住类型, 人口类型, 人员类型 |
| hukou_address | hukou address | 户籍地址, 户籍地详址, 户籍地 |
| residence_permit_number | residence permit number | 居住证号, 居住证编号 |
| residence_permit_expires | residence permit expires | 居住证有效期至, 居住证有效期 |
| since | since, moved in | 入住日期, 居住起始日期, 起始日期 |
| tenant | tenant | 是否租户, 租户, 是否租住 |
| address | address | 地址, 标准地址, 详细地址, 现住址, 居住地址, 房屋地址, 单位地址, 门牌地址 |
| grid | grid, grid code | 网格, 网格编码, 网格编号, 所属网格 |
| lon / lat | lon, lng, longitude / lat, latitude | 经度 / 纬度 |
| house_type | house type | 房屋类型, 房屋类别 |
| use | use | 房屋用途, 用途, 使用情况 |
| area_m2 | area, floor area | 面积, 建筑面积, 房屋面积 |
| rental_start | rental start, rented since | 出租起始日期, 起租日期, 出租日期 |
| security_letter_signed | security letter signed | 治安责任书, 是否签订治安责任书, 签订治安责任书 |
| hazard_level | hazard level | 隐患等级 |
| credit_code | credit code | 统一社会信用代码, 信用代码, 社会信用代码 |
| unit_type | unit type | 单位类型, 单位性质 |
| industry | industry | 行业, 所属行业, 行业类别 |
| legal_representative | legal representative | 法定代表人, 法人, 负责人 |
| security_contact | security contact | 治保负责人, 治安负责人, 保卫负责人 |
| security_contact_phone | security contact phone | 治保负责人电话, 治安负责人电话, 联系电话 (units) |
| staff_count | staff, staff count | 从业人数, 员工人数, 职工人数 |

The English names of the fields themselves (`id_number`, `area_m2` …) always match. Columns that
match nothing are ignored and listed in the report.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from jingwang.core.errors import ServiceError

ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "姓名"),
    "former_names": ("former names", "曾用名"),
    "sex": ("sex", "gender", "性别"),
    "birth_date": ("birth date", "date of birth", "dob", "出生日期", "出生年月日", "生日"),
    "document_type": ("document type", "证件类型", "证件种类"),
    "id_number": ("id number", "id no", "id card", "身份证号", "身份证号码", "公民身份号码", "证件号码", "证件号"),
    "phone": ("phone", "mobile", "手机号", "手机号码", "联系电话", "电话"),
    "residence_type": ("residence type", "居住类型", "人口类型", "人员类型"),
    "hukou_address": ("hukou address", "户籍地址", "户籍地详址", "户籍地"),
    "residence_permit_number": ("residence permit number", "居住证号", "居住证编号"),
    "residence_permit_expires": ("residence permit expires", "居住证有效期至", "居住证有效期"),
    "since": ("since", "moved in", "入住日期", "居住起始日期", "起始日期"),
    "tenant": ("tenant", "是否租户", "租户", "是否租住"),
    "address": ("address", "地址", "标准地址", "详细地址", "现住址", "居住地址", "房屋地址", "单位地址", "门牌地址"),
    "grid": ("grid", "grid code", "网格", "网格编码", "网格编号", "所属网格"),
    "lon": ("lon", "lng", "longitude", "经度"),
    "lat": ("lat", "latitude", "纬度"),
    "house_type": ("house type", "房屋类型", "房屋类别"),
    "use": ("use", "房屋用途", "用途", "使用情况"),
    "area_m2": ("area", "floor area", "面积", "建筑面积", "房屋面积"),
    "rental_start": ("rental start", "rented since", "出租起始日期", "起租日期", "出租日期"),
    "security_letter_signed": ("security letter signed", "治安责任书", "是否签订治安责任书", "签订治安责任书"),
    "hazard_level": ("hazard level", "隐患等级"),
    "credit_code": ("credit code", "统一社会信用代码", "信用代码", "社会信用代码"),
    "unit_type": ("unit type", "单位类型", "单位性质"),
    "industry": ("industry", "行业", "所属行业", "行业类别"),
    "legal_representative": ("legal representative", "法定代表人", "法人", "负责人"),
    "security_contact": ("security contact", "治保负责人", "治安负责人", "保卫负责人"),
    "security_contact_phone": ("security contact phone", "治保负责人电话", "治安负责人电话"),
    "staff_count": ("staff", "staff count", "从业人数", "员工人数", "职工人数"),
}
# Words that mean another field when the file holds units.
UNIT_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("名称", "单位名称", "企业名称"),
    "security_contact_phone": ("联系电话",),
}
PLACE_FIELDS = ("address", "grid", "lon", "lat")
FIELDS: dict[str, tuple[str, ...]] = {
    "person": (
        "name", "former_names", "sex", "birth_date", "document_type", "id_number", "phone", "residence_type",
        "hukou_address", "residence_permit_number", "residence_permit_expires", "since", "tenant", *PLACE_FIELDS,
    ),
    "house": (
        "house_type", "use", "area_m2", "rental_start", "security_letter_signed", "hazard_level", *PLACE_FIELDS,
    ),
    "unit": (
        "name", "credit_code", "unit_type", "industry", "legal_representative", "security_contact",
        "security_contact_phone", "staff_count", *PLACE_FIELDS,
    ),
    "address": PLACE_FIELDS,
}  # fmt: skip
# Columns a file of each kind must have (persons and units also need a place: see `imports`).
REQUIRED: dict[str, tuple[str, ...]] = {
    "person": ("name", "id_number"),
    "house": ("address",),
    "unit": ("name",),
    "address": ("address",),
}
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is common in spreadsheets

_BRACKETS = re.compile(r"[(（\[【].*?[)）\]】]")
_NOISE = re.compile(r"[\s_\-*:：]+")


def normalise_header(text: Any) -> str:
    value = _BRACKETS.sub("", str(text or "").replace("\ufeff", ""))
    return _NOISE.sub("", value).lower()


def header_map(kind: str) -> dict[str, str]:
    """Normalised header text → field, for one kind of file."""
    allowed = set(FIELDS[kind])
    out: dict[str, str] = {}
    for name, words in ALIASES.items():
        if name in allowed:
            for word in (name, *words):
                out[normalise_header(word)] = name
    if kind == "unit":
        for name, words in UNIT_ALIASES.items():
            for word in words:
                out[normalise_header(word)] = name
    return out


class ImportFileError(ServiceError):
    """The file cannot be imported at all (unreadable, wrong format, required columns missing)."""

    def __init__(self, message: Any) -> None:
        super().__init__("import_failed", message)


@dataclass
class Table:
    """An open import file: which field each column holds, and its data rows with line numbers."""

    fields: list[str | None]
    headers: list[str]
    rows: Iterator[tuple[int, list[str]]]
    file_hash: str
    encoding: str
    ignored: list[str] = field(default_factory=list)

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(line, {field: text}) for every non-blank data row."""
        fields = self.fields
        for line, values in self.rows:
            record = {f: values[i] if i < len(values) else "" for i, f in enumerate(fields) if f is not None}
            yield line, record


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def _decodes(path: Path, encoding: str, digest: Any = None) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    ok = True
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            if digest is not None:
                digest.update(chunk)
            if ok:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    ok = False
                    if digest is None:
                        return False
    if ok:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            ok = False
    return ok


def _scan(path: Path) -> tuple[str, str]:
    """The file's SHA-256 and its text encoding: UTF-8 if it decodes as such, else GB18030 (what
    Excel saves as "CSV" on a Chinese system), else "binary"."""
    digest = hashlib.sha256()
    if _decodes(path, "utf-8", digest):
        return digest.hexdigest(), "utf-8-sig"
    return digest.hexdigest(), "gb18030" if _decodes(path, "gb18030") else "binary"


def _is_xlsx(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"PK\x03\x04"


def _csv_rows(text: io.TextIOBase) -> Iterator[tuple[int, list[str]]]:
    sample = text.read(64 * 1024)
    text.seek(0)
    first = sample.splitlines()[0] if sample else ""
    delimiter = max(",\t;", key=first.count) if first else ","
    reader = csv.reader(text, delimiter=delimiter)
    line = 0
    for values in reader:
        start, line = line + 1, reader.line_num
        if any(v.strip() for v in values):
            yield start, [v.strip() for v in values]


def _xlsx_rows(path: Path) -> tuple[Iterator[tuple[int, list[str]]], Any]:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(_("The spreadsheet cannot be read (%(error)s).") % {"error": exc}) from None
    if not book.worksheets:
        book.close()
        raise ImportFileError(_("The workbook has no sheet."))
    sheet = book.worksheets[0]

    def rows() -> Iterator[tuple[int, list[str]]]:
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values]
            if any(cells):
                yield line, cells

    return rows(), book


def _find_header(rows: Iterator[tuple[int, list[str]]], known: dict[str, str]) -> tuple[list[str], list[str | None]]:
    seen = []
    for _line, values in rows:
        mapped = [known.get(normalise_header(v)) for v in values]
        if sum(m is not None for m in mapped) >= min(2, len(values)):
            return values, mapped
        seen.append(values)
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    raise ImportFileError(_("No header row found: the first rows name none of the expected columns."))


def _check_columns(kind: str, headers: list[str], fields: list[str | None]) -> list[str]:
    doubled = sorted({f for f in fields if f is not None and fields.count(f) > 1})
    if doubled:
        names = ", ".join(h for h, f in zip(headers, fields, strict=True) if f in doubled)
        raise ImportFileError(_("Several columns mean the same field: %(columns)s.") % {"columns": names})
    missing = [f for f in REQUIRED[kind] if f not in fields]
    if missing:
        raise ImportFileError(_("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    if kind in ("person", "unit") and not ({"address", "grid"} & set(fields) or {"lon", "lat"} <= set(fields)):
        raise ImportFileError(_("Give the address, the grid or the coordinates of each row: no such column."))
    return [h for h, f in zip(headers, fields, strict=True) if f is None and h]


@contextmanager
def open_table(path: Path, kind: str) -> Iterator[Table]:
    """Open an import file of the registry; `ImportFileError` when it cannot be imported at all."""
    with open_columns(path, header_map(kind), lambda headers, fields: _check_columns(kind, headers, fields)) as table:
        yield table


ColumnCheck = Callable[[list[str], list[str | None]], list[str]]


@contextmanager
def open_columns(path: Path, known: dict[str, str], check: ColumnCheck) -> Iterator[Table]:
    """Open a CSV or xlsx file whose header row names columns of `known` (normalised header text →
    field, see `normalise_header`); `check` refuses the columns (ImportFileError) or returns the
    headers it ignores. Other apps' imports (incidents) read their files through this."""
    if not path.is_file():
        raise ImportFileError(_("The file %(name)s does not exist.") % {"name": path.name})
    try:
        file_hash, encoding = _scan(path)
        xlsx = _is_xlsx(path)
    except OSError as exc:
        raise ImportFileError(_("The file cannot be read (%(error)s).") % {"error": exc.strerror}) from None
    if xlsx:
        rows, book = _xlsx_rows(path)
        try:
            headers, fields = _find_header(rows, known)
            ignored = check(headers, fields)
            yield Table(fields, headers, rows, file_hash, "xlsx", ignored)
        finally:
            book.close()
        return
    if path.suffix.lower() in (".xls", ".et") or encoding == "binary":
        raise ImportFileError(_("The file is neither CSV text (UTF-8 or GB18030) nor an xlsx workbook."))
    with path.open(encoding=encoding, newline="") as text:
        rows = _csv_rows(text)
        headers, fields = _find_header(rows, known)
        ignored = check(headers, fields)
        yield Table(fields, headers, rows, file_hash, encoding, ignored)
