"""Writing CSV and xlsx files that a spreadsheet opens safely (SECURITY 29): every export goes
through here. A text cell that begins with = + - @ tab or CR would be run as a formula
(`=HYPERLINK(…)` exfiltrates, `=cmd|…` executes), so in CSV it gets a leading single quote (OWASP
CSV injection) and in xlsx it is written as a text cell, never a formula. Numbers stay numbers:
a genuine -3 in a numeric column is not text and is left alone."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """The cell as CSV should hold it: formula-like text quoted, everything else as it is."""
    return "'" + value if is_formula_like(value) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """UTF-8 CSV with a BOM (Excel then reads the Chinese correctly), one row at a time."""
    writer = csv.writer(_Echo())
    yield "\ufeff".encode()
    yield writer.writerow([neutralise(v) for v in header]).encode()
    for row in rows:
        yield writer.writerow([neutralise(v) for v in row]).encode()


def xlsx_bytes(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """An xlsx workbook of one sheet. Numbers are numeric cells; all other values are text cells
    (a formula-like one also carries the quote-prefix style, so editing it keeps it text)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet()

    def cell(value: Any) -> Any:
        if isinstance(value, int | float):  # bool included, as before
            return value
        text = "" if value is None else str(value)
        if not is_formula_like(text):
            return text
        out = WriteOnlyCell(sheet, value=text)
        out.data_type = "s"  # openpyxl made it a formula ("f") from the leading "="
        out.quotePrefix = True
        return out

    sheet.append([cell(v) for v in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
