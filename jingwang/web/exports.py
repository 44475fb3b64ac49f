"""The one export response: a scoped queryset as CSV or xlsx, audited, streamed (pages and API).

Nothing is stored on the server (no temporary file to expire): CSV is streamed row by row; xlsx is
built in memory and is therefore limited to XLSX_MAX_ROWS. The cells are written by
`core.spreadsheets`, which neutralises formula-like text (SECURITY 29). The caller passes the rows
of the *export* scope (`Model.objects.restrict(user, "export")`), already filtered."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import transaction
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.core import spreadsheets
from jingwang.core.errors import ServiceError

XLSX_MAX_ROWS = 100_000
FORMATS = ("csv", "xlsx")


def _labels(model: Any, column: str) -> dict[Any, str]:
    """Code → label for a column with choices (sex 1 → 男), so that exports read like the pages."""
    try:
        field = model._meta.get_field(column)
    except Exception:
        return {}
    return {code: str(label) for code, label in (field.choices or [])}


def _rows(queryset: Any, columns: Sequence[tuple[str, Any]]) -> Iterator[list[Any]]:
    labels = [_labels(queryset.model, c) for c, _label in columns]
    for values in queryset.values_list(*[c for c, _label in columns]).iterator(chunk_size=2000):
        yield ["" if v is None else (lab.get(v, v) if lab else v) for v, lab in zip(values, labels, strict=True)]


def export_records(
    *, by: Any, queryset: Any, object_type: str, query: dict[str, Any], fmt: str, columns: Sequence[tuple[str, Any]]
) -> tuple[str, str, Iterable[bytes]]:
    """(filename, content type, body) for a scoped queryset; the export is audited first."""
    if fmt not in FORMATS:
        raise ServiceError("invalid", _("Export as csv or xlsx."), fields={"format": [_("Unknown value.")]})
    count = queryset.count()
    if fmt == "xlsx" and count > XLSX_MAX_ROWS:
        raise ServiceError(
            "too_many_rows", _("An xlsx export holds at most %(n)d rows; use csv.") % {"n": XLSX_MAX_ROWS}
        )
    with transaction.atomic():
        audit_record(
            action=f"{object_type}.export",
            actor=by,
            object_type=object_type,
            query=query,
            result_count=count,
            details={"format": fmt},
        )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    name = f"{object_type.split('.')[-1]}-{stamp}.{fmt}"
    header = [str(label) for _c, label in columns]
    if fmt == "csv":
        return name, spreadsheets.CSV_CONTENT_TYPE, spreadsheets.csv_stream(header, _rows(queryset, columns))
    return name, spreadsheets.XLSX_CONTENT_TYPE, [spreadsheets.xlsx_bytes(header, _rows(queryset, columns))]


def export_response(
    *, by: Any, queryset: Any, object_type: str, query: dict[str, Any], fmt: str, columns: Sequence[tuple[str, Any]]
) -> StreamingHttpResponse:
    """The download itself (a ServiceError for an unknown format or an xlsx too large)."""
    name, content_type, body = export_records(
        by=by, queryset=queryset, object_type=object_type, query=query, fmt=fmt, columns=columns
    )
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
