"""Incidents: importing a dispatch system's file of 1,000,000 incidents (issue 17)."""

from __future__ import annotations

import csv
import random
import tempfile
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from shapely.geometry import shape

from jingwang.bench.cases.registry import district_grids, scratch_table
from jingwang.bench.harness import Case, Target, register
from jingwang.core.identity import synthetic_id_number
from jingwang.demo.registry_seed import seed_registry
from jingwang.incidents.imports import import_file
from jingwang.incidents.models import Incident
from jingwang.registry.imports.bulk import insert_rows
from jingwang.registry.models import Address

FULL_INCIDENTS = 1_000_000
ADDRESSES = 3000  # standard addresses the incidents happen at (seeded with residents when fewer)
HEADER = [
    "警情编号",
    "报警时间",
    "发案地点",
    "经度",
    "纬度",
    "警情类别",
    "处警结果",
    "报警人",
    "报警电话",
    "受害人身份证号",
]
CATEGORIES = ["0101", "0102", "0103", "0201", "0301", "0401", "0402", "0501", "0503", "0504"]
OUTCOMES = ["现场处置完毕", "现场调解成功", "已受案侦查", "移交相关部门处理"]


def _places(grids: list[Any]) -> list[str]:
    ids = [g.pk for g in grids]
    texts = list(
        Address.objects.filter(grid_id__in=ids, is_active=True).values_list("canonical", flat=True)[:ADDRESSES]
    )
    if len(texts) < ADDRESSES:
        seed_registry(residents=ADDRESSES * 2, seed=17, grids=grids)
        texts = list(
            Address.objects.filter(grid_id__in=ids, is_active=True).values_list("canonical", flat=True)[:ADDRESSES]
        )
    return texts


def write_incident_csv(path: Path, grids: list[Any], places: list[str], count: int, seed: int) -> None:
    """Two in three incidents at a standard address (written without the province), one in three
    by coordinates inside a grid; a tenth with the caller's phone, a twentieth with a victim's ID."""
    rng = random.Random(seed)
    boxes = [shape(g.boundary).bounds for g in grids]
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for i in range(count):
            when = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:{i % 59:02d}"
            place, lon, lat = "", "", ""
            if i % 3:
                place = rng.choice(places).removeprefix("江苏省")
            else:
                west, south, east, north = rng.choice(boxes)
                lon, lat = f"{rng.uniform(west, east):.6f}", f"{rng.uniform(south, north):.6f}"
            phone = f"139{i:08d}" if i % 10 == 0 else ""
            victim = synthetic_id_number("320106", rng=rng) if i % 20 == 0 else ""
            out.writerow([f"B{i:010d}", when, place, lon, lat, rng.choice(CATEGORIES), rng.choice(OUTCOMES), "",
                          phone, victim])  # fmt: skip


@register("incidents.import", "import a CSV of 1M incidents (rows/s) vs a raw bulk insert of the same final rows")
class IncidentImportCase(Case):
    """Measured: `jingwang import incidents` (`import_file`) of a generated file into an empty
    incidents table: every row checked, its place matched to a standard address (or its point to
    a grid), identifiers encrypted, one transaction. Baseline: the rows it wrote, read back, then
    inserted raw into an empty copy of the table (same columns and indexes), COPY on PostgreSQL and
    executemany on SQLite, in the same batches. Before each call (untimed) the last call's rows go."""

    unit = "ops/s"
    repeats = 3
    quick_repeats = 2
    warmup = 0
    batch = 5000

    def setup(self) -> None:
        grids = district_grids(self.ctx)
        places = _places(grids)
        self.folder = tempfile.TemporaryDirectory(prefix="jingwang-bench-incidents-")
        self.path = Path(self.folder.name) / "incidents.csv"
        self.size = self.ctx.size(FULL_INCIDENTS, minimum=1000)
        self.ctx.log(f"incidents.import: writing a file of {self.size:,} incidents at {len(places):,} addresses")
        write_incident_csv(self.path, grids, places, self.size, self.ctx.seed + 17)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT max(id) FROM {Incident._meta.db_table}")
            self.floor = int(cursor.fetchone()[0] or 0)
        self.scratch = scratch_table(Incident)
        self.final: list[tuple[Any, ...]] = []
        self.target = Target("ratio", 4.0, at_most=True, label="rate ≥ 0.25 × baseline (ratio ≤ 4)")

    def remove_imported(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Incident._meta.db_table} WHERE id > %s", [self.floor])

    def prepare(self, i: int, baseline: bool) -> None:
        if not baseline:
            self.remove_imported()
            return
        if not self.final:
            columns = ", ".join(connection.ops.quote_name(f.column) for f in Incident._meta.concrete_fields)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {columns} FROM {Incident._meta.db_table} WHERE id > %s ORDER BY id", [self.floor]
                )
                self.final = cursor.fetchall()
            on_grid = sum(1 for row in self.final if row[_GRID] is not None)
            self.notes.append(f"{self.size:,} rows a call; {on_grid:,} of {len(self.final):,} written on a grid")
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.scratch}")

    def measured(self, i: int) -> int:
        result = import_file(by=None, path=self.path)
        if result.created != self.size or result.bad:
            raise AssertionError(f"import: {result.created} created, {result.bad} bad of {self.size}")
        return self.size

    def baseline(self, i: int) -> int:
        with transaction.atomic():
            for start in range(0, len(self.final), self.batch):
                insert_rows(Incident, self.final[start : start + self.batch], table_name=self.scratch)
        return self.size

    def teardown(self) -> None:
        self.remove_imported()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.scratch}")
        self.folder.cleanup()
        self.final = []


_GRID = [f.attname for f in Incident._meta.concrete_fields].index("grid_id")
