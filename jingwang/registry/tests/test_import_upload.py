"""Importing through the API and the page (the service itself is tested in test_import.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from jingwang.core.identity import synthetic_id_number
from jingwang.registry.models import Person
from jingwang.testing import World, sign_in
from jingwang.upload_testing import workbook_without_sheets


def _csv() -> bytes:
    good = [synthetic_id_number(region="320106", birth=date(1980, 1, 1 + i), seq=100 + i) for i in range(2)]
    rows = [
        "姓名,身份证号,手机号,地址,网格",
        f"上传甲,{good[0]},13800000001,南京市鼓楼区宁海路街道宁海路1号1栋1单元101室,320106001001001",
        f"上传乙,{good[1]},13800000002,南京市鼓楼区宁海路街道宁海路1号1栋1单元102室,320106001001001",
        "上传丙,320106198001011234,13800000003,南京市鼓楼区宁海路街道宁海路1号1栋1单元103室,320106001001001",
    ]
    return ("\n".join(rows) + "\n").encode("utf-8")


def _api(world: World, name: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(world.users[name])
    return client


def test_dry_run_upload_reports_bad_rows_and_imports_nothing(world: World) -> None:
    upload = SimpleUploadedFile("people.csv", _csv(), content_type="text/csv")
    response = _api(world, "officer_a").post(
        "/api/v1/imports/", {"kind": "person", "file": upload, "dry_run": "true"}, format="multipart"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["rows"], body["created"], body["bad"]) == (3, 2, 1)
    assert body["problems"][0]["line"] == 4 and body["problems"][0]["field"] == "id_number"
    assert not Person.objects.exists()


def test_upload_imports_the_good_rows_and_a_second_upload_adds_nothing(world: World) -> None:
    client = _api(world, "officer_a")
    first = client.post(
        "/api/v1/imports/", {"kind": "person", "file": SimpleUploadedFile("p.csv", _csv())}, format="multipart"
    )
    assert first.status_code == 201 and first.json()["created"] == 2
    second = client.post(
        "/api/v1/imports/", {"kind": "person", "file": SimpleUploadedFile("p.csv", _csv())}, format="multipart"
    )
    assert second.json()["created"] == 0 and Person.objects.count() == 2


def test_import_outside_scope_or_without_the_role_is_refused(world: World) -> None:
    upload = SimpleUploadedFile("p.csv", _csv())
    refused = _api(world, "grid_a1").post("/api/v1/imports/", {"kind": "person", "file": upload}, format="multipart")
    assert refused.status_code in (400, 403) and not Person.objects.exists()
    other = _api(world, "officer_b").post(
        "/api/v1/imports/", {"kind": "person", "file": SimpleUploadedFile("p.csv", _csv())}, format="multipart"
    )
    assert other.json()["created"] == 0 and not Person.objects.exists()


def test_import_page_shows_the_report(world: World, client: Any) -> None:
    sign_in(client, world.officer_a)
    page = client.post(
        "/registry/import/", {"kind": "person", "file": SimpleUploadedFile("p.csv", _csv()), "dry_run": "on"}
    )
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="import-report"' in text and ">4<" in text


def test_a_workbook_without_sheets_is_refused_with_a_message_not_a_server_error(world: World) -> None:
    upload = SimpleUploadedFile("空.xlsx", workbook_without_sheets())
    client = APIClient()
    client.force_authenticate(world.users["officer_a"])
    response = client.post("/api/v1/imports/", {"kind": "person", "file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "工作簿中没有工作表。"
    assert not Person.objects.exists()
