from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from rest_framework.test import APIClient

from jingwang.audit.models import AuditEvent
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
