"""`jingwang territory import`: every error reported, nothing imported when any is fatal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from jingwang.territory.models import Node
from jingwang.testing import box

HEADER = "code,name,kind,parent,police_district,boundary\n"
BASE = (
    "320000,江苏省,province,,,\n"
    "320100,南京市,city,320000,,\n"
    "320106,鼓楼区,county,320100,,\n"
    "320106001,宁海路街道,subdistrict,320106,,\n"
    f'320106001001,甲社区,community,320106001,,"{json.dumps(box(118.70, 32.00, 118.80, 32.20))}"\n'.replace(
        '"', '""', 0
    )
)


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def _csv(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "territory.csv"
    rows = []
    for line in body.strip().splitlines():
        rows.append(line)
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _geo(code: str, kind: str, name: str, parent: str, geometry: dict[str, Any] | None, pd: str = "") -> dict[str, Any]:
    props = {"code": code, "kind": kind, "name": name, "parent": parent}
    if pd:
        props["police_district"] = pd
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _geojson(tmp_path: Path, features: list[dict[str, Any]]) -> Path:
    path = tmp_path / "territory.geojson"
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8"
    )
    return path


def _base_features() -> list[dict[str, Any]]:
    return [
        _geo("320000", "province", "江苏省", "", None),
        _geo("320100", "city", "南京市", "320000", None),
        _geo("320106", "county", "鼓楼区", "320100", None),
        _geo("320106001", "subdistrict", "宁海路街道", "320106", None),
        _geo("320106001001", "community", "甲社区", "320106001", box(118.70, 32.00, 118.80, 32.20)),
        _geo("320106", "bureau", "鼓楼分局", "320100", None),
        _geo("320106001", "station", "宁海路派出所", "bureau:320106", None),
        _geo("320106001001", "police_district", "甲警务区", "320106001", None),
    ]


@pytest.mark.django_db
def test_valid_geojson_imports_both_trees_and_reimport_adds_nothing(tmp_path: Path, capsys: Any) -> None:
    features = [
        *_base_features(),
        _geo(
            "320106001001001", "grid", "甲一网格", "320106001001", box(118.70, 32.00, 118.80, 32.10), pd="320106001001"
        ),
    ]
    path = _geojson(tmp_path, features)
    call_command("territory", "import", str(path))
    assert "9 created" in capsys.readouterr().out
    grid = Node.objects.get(kind="grid", code="320106001001001")
    assert grid.path == "/p320000/c320100/x320106/s320106001/m320106001001/g320106001001001/"
    assert grid.police_path == "/p320000/c320100/b320106/t320106001/d320106001001/g320106001001001/"
    call_command("territory", "import", str(path))
    assert "0 created, 0 updated, 9 unchanged" in capsys.readouterr().out
    assert Node.objects.count() == 9


@pytest.mark.django_db
def test_every_fatal_error_is_reported_and_nothing_is_imported(tmp_path: Path, capsys: Any) -> None:
    features = [
        *_base_features(),
        _geo("320106009001", "community", "孤儿社区", "320106009", None),  # unknown parent
        _geo(
            "320106001001001", "grid", "出界网格", "320106001001", box(118.75, 32.00, 118.85, 32.10), pd="320106001001"
        ),
        _geo(
            "320106001001002", "grid", "重叠网格", "320106001001", box(118.70, 32.05, 118.78, 32.15), pd="320106001001"
        ),
        _geo("320106001001003", "grid", "无警务区网格", "320106001001", box(118.70, 32.15, 118.72, 32.20)),
        _geo("12345", "grid", "坏代码", "320106001001", None, pd="320106001001"),
    ]
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("territory", "import", str(_geojson(tmp_path, features)))
    errors = capsys.readouterr().err
    assert "unknown parent 320106009" in errors
    assert "grid 320106001001001 lies outside its Community / village 320106001001" in errors
    assert "overlaps grid" in errors
    assert "grid 320106001001003 has no police district" in errors
    assert "code 12345 must be 15 digits" in errors
    assert "feature 9" in errors  # errors name their place in the file
    assert Node.objects.count() == 0


@pytest.mark.django_db
def test_csv_errors_name_their_line(tmp_path: Path, capsys: Any) -> None:
    path = _csv(tmp_path, "320000,江苏省,province,,,\n320100,南京市,city,999999,,\n")
    with pytest.raises(CommandError):
        call_command("territory", "import", str(path))
    assert "line 3: unknown parent 999999" in capsys.readouterr().err
    assert Node.objects.count() == 0


@pytest.mark.django_db
def test_dry_run_writes_nothing(tmp_path: Path, capsys: Any) -> None:
    call_command("territory", "import", str(_geojson(tmp_path, _base_features())), "--dry-run")
    assert "nothing was written" in capsys.readouterr().out
    assert Node.objects.count() == 0


@pytest.mark.django_db
def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("territory", "import", str(path))


def test_territory_list_prints_tab_separated_rows(world: Any, capsys: Any) -> None:
    call_command("territory", "list", "--kind", "grid")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "320106001001001\t甲一网格\tgrid\t320106001001"
    assert len(lines) == 3
