"""Importing incident files: 100,000 rows with bad ones, the command line, the page, xlsx."""

from __future__ import annotations

import csv
import io
import random
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from jingwang.audit.models import AuditEvent
from jingwang.incidents.imports import import_file
from jingwang.incidents.models import Incident
from jingwang.registry.services.places import address_resolve
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db
HEADER = ["警情编号", "报警时间", "发案地点", "经度", "纬度", "警情类别", "处警结果", "报警人", "报警电话"]
ROADS = ["宁海路", "北京西路", "汉口路", "珠江路"]


def _addresses(count: int) -> list[str]:
    texts = []
    for i in range(count):
        text = f"江苏省南京市鼓楼区宁海路街道{ROADS[i % 4]}{i + 1}号"
        address_resolve(by=None, text=text, lon=118.71 + (i % 9) * 0.01, lat=32.01 + (i % 9) * 0.01)
        texts.append(text.removeprefix("江苏省"))
    return texts


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


BAD = {
    7: (["", "2026-03-01 10:00", "", "118.75", "32.05", "0101", "", "", ""], "number"),
    5_000: (["BAD-TIME", "2026-02-30 10:00", "", "118.75", "32.05", "0101", "", "", ""], "reported_at"),
    50_001: (["BAD-CAT", "2026-03-01 10:00", "", "118.75", "32.05", "没有这类", "", "", ""], "category"),
    99_998: (["BAD-PHONE", "2026-03-01 10:00", "", "118.75", "32.05", "0201", "", "张三", "12345"], "caller_phone"),
    100_001: (["BAD-XY", "2026-03-01 10:00", "", "32.05", "190", "0201", "", "", ""], "lon"),
}


def test_100000_incidents_with_bad_rows_good_ones_in_bad_ones_by_line_rerun_adds_nothing(
    world: World, tmp_path: Path
) -> None:
    rng = random.Random(17)
    places = _addresses(40)
    rows: list[list[str]] = []
    for i in range(100_000):
        day = 1 + i % 28
        if i % 3:
            place, lon, lat = rng.choice(places), "", ""
        else:
            place, lon, lat = "", f"{rng.uniform(118.70, 118.90):.6f}", f"{rng.uniform(32.00, 32.20):.6f}"
        phone = f"139{i:08d}" if i % 10 == 0 else ""
        rows.append([f"J{i:09d}", f"2026-02-{day:02d} 08:{i % 60:02d}", place, lon, lat, "0101", "已处理", "", phone])
    for line in sorted(BAD):  # line 1 is the header: data row n is on line n + 1
        rows.insert(line - 2, BAD[line][0])
    path = _write(tmp_path / "警情.csv", rows)
    started = time.perf_counter()
    first = import_file(by=None, path=path)
    elapsed = time.perf_counter() - started
    assert (first.rows, first.created, first.bad, first.present) == (100_005, 100_000, 5, 0)
    assert sorted((p.line, p.field) for p in first.problems) == [(line, BAD[line][1]) for line in sorted(BAD)]
    assert first.unmatched == 0
    assert Incident.objects.count() == 100_000 and not Incident.objects.filter(grid__isnull=True).exists()
    assert AuditEvent.objects.filter(action="incidents.incident.record").count() == 1
    again = import_file(by=None, path=path)
    assert (again.created, again.present, again.bad) == (0, 100_000, 5)
    assert Incident.objects.count() == 100_000
    print(f"100,000 incidents imported in {elapsed:.1f} s")


def test_a_failure_half_way_leaves_nothing_imported(world: World, tmp_path: Path, monkeypatch: Any) -> None:
    from jingwang.incidents import services

    rows = [[f"H{i}", "2026-03-01 10:00", "", "118.75", "32.05", "0101", "", "", ""] for i in range(30)]
    path = _write(tmp_path / "half.csv", rows)
    monkeypatch.setattr(services, "CHUNK_ROWS", 10)
    calls = {"n": 0}
    real = services.insert_rows

    def failing(model: Any, batch: Any, **kw: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        real(model, batch, **kw)

    monkeypatch.setattr(services, "insert_rows", failing)
    with pytest.raises(RuntimeError):
        import_file(by=None, path=path)
    assert not Incident.objects.exists()


def test_the_import_command_takes_the_incidents_kind(world: World, tmp_path: Path) -> None:
    rows = [
        ["C1", "2026-03-01 10:00", "", "118.75", "32.05", "入室盗窃", "已受案", "", ""],
        ["C2", "明天", "", "118.75", "32.05", "0101", "", "", ""],
    ]
    path = _write(tmp_path / "cmd.csv", rows)
    dry = io.StringIO()
    call_command("import", "incidents", str(path), "--dry-run", stdout=dry)
    assert "dry run (nothing written): 2 rows: 1 created" in dry.getvalue() and not Incident.objects.exists()
    out = io.StringIO()
    call_command("import", "incidents", str(path), stdout=out)
    text = out.getvalue()
    assert "line 3: reported_at:" in text and "2 rows: 1 created, 0 already present, 1 bad" in text
    assert Incident.objects.get().outcome == "case_filed"


def test_an_xlsx_with_english_headers_imports_and_the_dry_run_writes_nothing(world: World, client: Any) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["incident number", "occurred_at", "place", "lon", "lat", "category", "outcome", "victim id number"])
    sheet.append(["X1", "2026-03-01 10:00", "", 118.85, 32.05, "0103", "case filed", "11010519491231002X"])
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("incidents.xlsx", data.getvalue())
    sign_in(client, world.officer_b)
    page = client.post("/incidents/import/", {"file": upload, "dry_run": "on"})
    assert page.status_code == 200 and 'data-testid="import-report"' in page.content.decode()
    assert not Incident.objects.exists()
    upload.seek(0)
    client.post("/incidents/import/", {"file": upload})
    incident = Incident.objects.get()
    assert incident.grid == world.node("grid:320106001002001")
    assert incident.victim_id_masked == "110105********002X"
    detail = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "110105********002X" in detail and "11010519491231002X" not in detail
