"""Import of persons, houses, units and addresses: bad rows by line, idempotent re-runs, resume."""

from __future__ import annotations

import csv
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation
from openpyxl import Workbook
from shapely.geometry import shape

from jingwang.audit.models import AuditEvent
from jingwang.core.errors import Forbidden
from jingwang.core.identity import synthetic_id_number
from jingwang.demo.synthetic import credit_code
from jingwang.registry.imports import bulk, importer
from jingwang.registry.imports.importer import import_file
from jingwang.registry.imports.tabular import ImportFileError, _scan
from jingwang.registry.models import (
    Address,
    AddressAlias,
    House,
    ImportJob,
    ImportStatus,
    Person,
    Residence,
    Unit,
)
from jingwang.registry.services.persons import person_by_id_number
from jingwang.suites import sqlite_suite
from jingwang.testing import World

GRIDS = ["320106001001001", "320106001001002", "320106001002001"]
HEADER_EN = ["name", "id_number", "phone", "birth_date", "sex", "address", "grid", "residence_type"]
HEADER_ZH = ["姓名", "身份证号", "手机号", "出生日期", "性别", "地址", "网格", "居住类型"]
# Fifty bad rows, for six reasons, at fixed places in a 1,000-row file.
BAD_REASONS = ["check_digit"] * 9 + ["date"] * 9 + ["name"] * 8 + ["grid"] * 8 + ["phone"] * 8 + ["duplicate"] * 8


def person_rows(n: int, *, seed: int = 7, bad: dict[int, str] | None = None) -> list[list[str]]:
    """`n` data rows in HEADER_EN order; row i (0-based) broken as `bad[i]` says."""
    rng = random.Random(seed)
    bad = bad or {}
    rows: list[list[str]] = []
    numbers: set[str] = set()
    for i in range(n):
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(20_000))
        number = synthetic_id_number(region="320106", birth=birth, seq=i % 1000, rng=rng)
        while number in numbers:
            number = synthetic_id_number(region="320106", birth=birth + timedelta(days=1), seq=i % 1000, rng=rng)
        numbers.add(number)
        row = [
            f"居民{i:04d}",
            number,
            f"139{i:08d}",
            birth.isoformat(),
            "男" if int(number[16]) % 2 else "女",
            f"南京市鼓楼区宁海路街道青石路{i // 3 + 1}号{i % 3 + 1}栋1单元{i % 7 + 1}01室",
            GRIDS[i % 3],
            "户籍",
        ]
        reason = bad.get(i)
        if reason == "check_digit":
            row[1] = number[:-1] + ("0" if number[-1] != "0" else "1")
        elif reason == "date":
            row[3] = "1985-13-45"
        elif reason == "name":
            row[0] = ""
        elif reason == "grid":
            row[6] = "320106009009009"
        elif reason == "phone":
            row[2] = "12345"
        elif reason == "duplicate":
            row[1], row[3], row[4] = rows[i - 1][1], rows[i - 1][3], rows[i - 1][4]
        rows.append(row)
    return rows


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def thousand_with_fifty_bad(tmp_path: Path) -> tuple[Path, dict[int, str]]:
    rng = random.Random(3)
    places = sorted(rng.sample(range(1, 1000), len(BAD_REASONS)))
    bad = dict(zip(places, BAD_REASONS, strict=True))
    return write_csv(tmp_path / "persons.csv", HEADER_EN, person_rows(1000, bad=bad)), bad


def table_rows() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Person, Address, AddressAlias, House, Residence, Unit)}


def test_thousand_rows_with_fifty_bad_reports_all_fifty_by_line_and_imports_the_rest(
    world: World, tmp_path: Path
) -> None:
    path, bad = thousand_with_fifty_bad(tmp_path)
    with translation.override("en"):
        report = import_file(by=None, kind="person", path=path, batch_size=300)
    # The header is line 1: data row i is on line i + 2.
    assert report.bad_lines == sorted(i + 2 for i in bad)
    assert (report.rows, report.created, report.present, report.bad) == (1000, 950, 0, 50)
    assert Person.objects.count() == 950 and Residence.objects.count() == 950
    by_line = {p.line: (p.field, p.message) for p in report.problems}
    expected_field = {"check_digit": "id_number", "date": "birth_date", "name": "name", "grid": "grid",
                      "phone": "phone", "duplicate": "id_number"}  # fmt: skip
    for i, reason in bad.items():
        assert by_line[i + 2][0] == expected_field[reason], (i, reason, by_line[i + 2])
    duplicate = next(i for i, r in bad.items() if r == "duplicate")
    assert by_line[duplicate + 2][1] == f"This ID number is already on line {duplicate + 1}."
    assert "check digit" in by_line[next(i for i, r in bad.items() if r == "check_digit") + 2][1]


def test_running_the_same_import_again_adds_nothing(world: World, tmp_path: Path) -> None:
    path, _bad = thousand_with_fifty_bad(tmp_path)
    first = import_file(by=None, kind="person", path=path, batch_size=300)
    before = table_rows()
    again = import_file(by=None, kind="person", path=path, batch_size=300)
    assert table_rows() == before
    assert (again.created, again.present, again.bad) == (0, 950, 50)
    assert again.bad_lines == first.bad_lines
    assert ImportJob.objects.filter(status=ImportStatus.DONE).count() == 2


def test_one_audit_event_per_committed_batch(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", HEADER_EN, person_rows(250))
    report = import_file(by=None, kind="person", path=path, batch_size=100)
    events = AuditEvent.objects.filter(action="registry.import").order_by("id")
    assert [e.object_id for e in events] == [str(report.job_id)] * 3
    assert sum((e.details or {})["created"]["persons"] for e in events) == 250
    assert not any(n in str(e.details) for e in events for n in (r[1] for r in person_rows(250)))


def test_imported_person_is_stored_as_the_services_store_it(world: World, tmp_path: Path) -> None:
    rows = person_rows(1)
    import_file(by=None, kind="person", path=write_csv(tmp_path / "one.csv", HEADER_EN, rows))
    person = Person.objects.get()
    number = rows[0][1]
    assert person.id_number_masked == f"{number[:6]}********{number[-4:]}"
    assert person.phone_masked == "139****0000" and person.name_pinyin == "jumin0000"
    assert person.grid.code == GRIDS[0] and person.hukou_division_code == "320106"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM registry_person")
        stored = " ".join(map(str, cursor.fetchone()))
    assert number not in stored and "13900000000" not in stored

    assert person_by_id_number(number) == person
    house = House.objects.get()
    assert house.address.canonical == "江苏省南京市鼓楼区宁海路街道青石路1号1栋1单元101室"
    assert AddressAlias.objects.get().text == rows[0][5]


def test_chinese_headers_and_values(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "人口.csv", HEADER_ZH, person_rows(20))
    report = import_file(by=None, kind="person", path=path)
    assert (report.created, report.bad) == (20, 0)


def test_gb18030_csv_as_chinese_excel_saves_it(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "gbk.csv", HEADER_ZH, person_rows(20), encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_text(encoding="utf-8")
    report = import_file(by=None, kind="person", path=path)
    assert (report.created, report.bad) == (20, 0)
    assert Person.objects.filter(name="居民0003").exists()


def test_utf8_csv_with_bom(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bom.csv", HEADER_ZH, person_rows(5), encoding="utf-8-sig")
    assert import_file(by=None, kind="person", path=path).created == 5


def test_xlsx_import_with_a_title_row_and_typed_cells(world: World, tmp_path: Path) -> None:
    rows = person_rows(30, bad={4: "check_digit"})
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["实有人口登记表"])
    sheet.append(HEADER_ZH)
    for row in rows:
        typed: list[Any] = list(row)
        typed[3] = date.fromisoformat(row[3]) if row[3][:2] == "19" else row[3]  # a real date cell
        typed[2] = int(row[2])  # a phone typed as a number
        sheet.append(typed)
    path = tmp_path / "persons.xlsx"
    book.save(path)
    report = import_file(by=None, kind="person", path=path)
    assert (report.created, report.bad) == (29, 1)
    assert report.problems[0].line == 4 + 3  # title, header, then data from line 3


def test_dry_run_writes_nothing_and_reports_the_same(world: World, tmp_path: Path) -> None:
    path, _bad = thousand_with_fifty_bad(tmp_path)
    events = AuditEvent.objects.count()
    dry = import_file(by=None, kind="person", path=path, dry_run=True, batch_size=300)
    assert table_rows() == dict.fromkeys(table_rows(), 0) and not ImportJob.objects.exists()
    assert AuditEvent.objects.count() == events
    real = import_file(by=None, kind="person", path=path, batch_size=300)
    assert (dry.rows, dry.created, dry.present, dry.bad) == (real.rows, real.created, real.present, real.bad)
    assert dry.problems == real.problems and dry.written == real.written
    assert dry.preview == real.preview and len(dry.preview) == importer.PREVIEW_ROWS
    shown = dry.preview[0]
    assert shown["id_number"].count("*") == 8 and shown["phone"] == "139****0000"
    assert shown["address"].startswith("江苏省南京市鼓楼区") and shown["grid"] == GRIDS[0]


def test_import_killed_after_a_batch_resumes_and_ends_as_an_uninterrupted_one(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _bad = thousand_with_fifty_bad(tmp_path)
    real_write = bulk.BulkWriter.write
    calls = {"n": 0}

    def crash_after_two(self: bulk.BulkWriter, *args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("killed")
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(bulk.BulkWriter, "write", crash_after_two)
    with pytest.raises(KeyboardInterrupt):
        import_file(by=None, kind="person", path=path, batch_size=150)
    job = ImportJob.objects.get()
    assert (job.status, job.rows_done) == (ImportStatus.INTERRUPTED, 300)
    assert Person.objects.count() == job.counts["created"] > 0
    monkeypatch.setattr(bulk.BulkWriter, "write", real_write)

    resumed = import_file(by=None, kind="person", path=path, batch_size=500)  # the job's own size is kept
    assert resumed.job_id == job.pk and resumed.resumed_after == 300
    assert (resumed.rows, resumed.created, resumed.present, resumed.bad) == (1000, 950, 0, 50)
    resumed_rows = stored_rows()

    # The same file imported in one go into a fresh registry holds the same rows.
    Residence.objects.all().delete()
    House.objects.all().delete()
    Person.objects.all().delete()
    AddressAlias.objects.all().delete()
    Address.objects.all().delete()
    whole = import_file(by=None, kind="person", path=path, batch_size=150)
    assert whole.problems == resumed.problems and whole.written == resumed.written
    assert stored_rows() == resumed_rows


def stored_rows() -> dict[str, set[tuple[Any, ...]]]:
    """The rows of the registry without ids, times or ciphertexts (which differ by design)."""
    return {
        "persons": set(Person.objects.values_list("name", "id_number_index", "phone_index", "birth_date", "grid_id")),
        "addresses": set(Address.objects.values_list("canonical", "grid_id")),
        "aliases": set(AddressAlias.objects.values_list("text", "address__canonical")),
        "houses": set(House.objects.values_list("address__canonical", "grid_id")),
        "residences": set(Residence.objects.values_list("person__id_number_index", "house__address__canonical")),
    }


def test_unfinished_import_of_a_live_process_is_not_taken_over(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", HEADER_EN, person_rows(3))

    ImportJob.objects.create(kind="person", file_name="p.csv", file_hash=_scan(path)[0], batch_size=10,
                             owner=f"{__import__('socket').gethostname()}:{os.getppid()}")  # fmt: skip
    with translation.override("en"), pytest.raises(ImportFileError, match="another process"):
        import_file(by=None, kind="person", path=path)


def grid_point(world: World, code: str) -> tuple[float, float]:
    point = shape(world.node(f"grid:{code}").boundary).representative_point()
    return point.x, point.y


def test_grid_comes_from_coordinates_else_the_grid_column_else_the_row_is_bad(world: World, tmp_path: Path) -> None:
    x, y = grid_point(world, GRIDS[2])
    rows = [
        ["甲", "江苏省南京市鼓楼区宁海路街道云锦路1号", "", str(x), str(y)],  # point in B1
        ["乙", "江苏省南京市鼓楼区宁海路街道云锦路2号", GRIDS[0], "", ""],  # grid column
        ["丙", "江苏省南京市鼓楼区宁海路街道云锦路3号", "", "", ""],  # nothing: no grid
        ["丁", "江苏省南京市鼓楼区宁海路街道云锦路1号", "", "", ""],  # same address as line 2: its grid
        ["戊", "江苏省南京市鼓楼区宁海路街道云锦路4号", "", "100.0", "30.0"],  # a point in no grid
    ]
    path = write_csv(tmp_path / "a.csv", ["name", "address", "grid", "lon", "lat"], rows)
    with translation.override("en"):
        report = import_file(by=None, kind="address", path=path)
    assert [(p.line, p.field) for p in report.problems] == [(4, "grid"), (6, "location")]
    assert "No grid" in report.problems[0].message
    assert (report.created, report.present, report.bad) == (2, 1, 2)
    assert dict(Address.objects.values_list("road_number", "grid__code")) == {"1号": GRIDS[2], "2号": GRIDS[0]}
    assert Address.objects.get(road_number="1号").lon == pytest.approx(x)


def test_units_by_credit_code_else_name_and_address(world: World, tmp_path: Path) -> None:
    rng = random.Random(1)
    code = credit_code(rng, "320106")
    rows = [
        ["金陵宾馆", code, "宾馆", "王某", "13812345678", "江苏省南京市鼓楼区宁海路街道云锦路8号", GRIDS[0]],
        ["街角小吃", "", "餐饮", "", "", "江苏省南京市鼓楼区宁海路街道云锦路9号", GRIDS[0]],
        ["重复宾馆", code, "宾馆", "", "", "江苏省南京市鼓楼区宁海路街道云锦路10号", GRIDS[0]],
        ["无址店", "", "零售", "", "", "", GRIDS[0]],
        ["坏码", code[:-1] + ("0" if code[-1] != "0" else "1"), "", "", "", "", GRIDS[0]],
    ]
    header = ["单位名称", "统一社会信用代码", "行业", "治保负责人", "联系电话", "单位地址", "网格"]
    path = write_csv(tmp_path / "units.csv", header, rows)
    with translation.override("en"):
        report = import_file(by=None, kind="unit", path=path)
    assert [(p.line, p.field) for p in report.problems] == [(4, "credit_code"), (5, "address"), (6, "credit_code")]
    assert report.created == 2
    hotel = Unit.objects.get(credit_code=code)
    assert hotel.industry == "hotel" and hotel.is_key_industry and hotel.security_contact_phone_masked == "138****5678"
    assert import_file(by=None, kind="unit", path=path).created == 0
    assert Unit.objects.count() == 2


def test_houses_with_chinese_values(world: World, tmp_path: Path) -> None:
    rows = [
        ["江苏省南京市鼓楼区宁海路街道云锦路8号1栋1单元101室", GRIDS[0], "住宅", "出租", "89.5", "2024年3月1日", "是"],
        ["江苏省南京市鼓楼区宁海路街道云锦路8号1栋1单元101室", GRIDS[0], "住宅", "自住", "", "", ""],
        ["江苏省南京市鼓楼区宁海路街道云锦路8号1栋1单元102室", GRIDS[0], "城堡", "", "abc", "", ""],
    ]
    header = ["房屋地址", "网格", "房屋类型", "房屋用途", "建筑面积", "出租起始日期", "治安责任书"]
    with translation.override("en"):
        report = import_file(by=None, kind="house", path=write_csv(tmp_path / "h.csv", header, rows))
    assert [(p.line, p.field) for p in report.problems] == [(3, "address"), (4, "house_type"), (4, "area_m2")]
    house = House.objects.get()
    assert (house.use, str(house.area_m2), house.rental_start, house.security_letter_signed) == (
        "rented", "89.5", date(2024, 3, 1), True,
    )  # fmt: skip


def test_officer_can_import_only_into_their_scope(world: World, tmp_path: Path) -> None:
    rows = person_rows(6)  # grids A1, A2, B1 in turn; officer_a holds district A (A1, A2)
    path = write_csv(tmp_path / "p.csv", HEADER_EN, rows)
    with translation.override("en"):
        report = import_file(by=world.officer_a, kind="person", path=path)
    assert report.bad_lines == [4, 7] and {p.message for p in report.problems} == {"Unknown grid."}
    assert set(Person.objects.values_list("grid__code", flat=True)) == {GRIDS[0], GRIDS[1]}
    assert Person.objects.filter(created_by=world.officer_a).count() == 4
    with pytest.raises(Forbidden):
        import_file(by=world.grid_a1, kind="person", path=path)  # grid workers collect; they do not import


def test_fatal_problems_stop_the_import(world: World, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError):
        import_file(by=None, kind="person", path=tmp_path / "missing.csv")
    with pytest.raises(ImportFileError):
        import_file(by=None, kind="people", path=tmp_path / "missing.csv")
    no_id = write_csv(tmp_path / "no_id.csv", ["name", "address"], [["甲", "南京市鼓楼区宁海路街道云锦路1号"]])
    with pytest.raises(ImportFileError, match="id_number"):
        import_file(by=None, kind="person", path=no_id)
    binary = tmp_path / "x.csv"
    binary.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(ImportFileError):
        import_file(by=None, kind="person", path=binary)
    assert not Person.objects.exists()


def test_import_command_prints_bad_rows_and_counts(world: World, tmp_path: Path, capsys: Any) -> None:
    path = write_csv(tmp_path / "p.csv", HEADER_EN, person_rows(10, bad={3: "phone"}))
    call_command("import", "person", str(path), "--language", "en")
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("line 5: phone: ")
    assert "10 rows: 9 created, 0 already present, 1 bad" in out
    call_command("import", "person", str(path), "--dry-run", "--language", "en")
    assert "dry run (nothing written): 10 rows: 0 created, 9 already present, 1 bad" in capsys.readouterr().out
    no_place = write_csv(tmp_path / "np.csv", ["姓名", "身份证号"], [["甲", "110101199003070011"]])
    with pytest.raises(CommandError, match="address, the grid or the coordinates"):
        call_command("import", "person", str(no_place), "--language", "en")
    with pytest.raises(CommandError):
        call_command("import", "nonsense", str(path))


def test_a_point_on_the_edge_between_two_grids_belongs_to_one_of_them(world: World, tmp_path: Path) -> None:
    # Grids A1 and B1 share the meridian 118.80 (the test world's boxes).
    rows = [["江苏省南京市鼓楼区宁海路街道云锦路1号", "118.8", "32.05"]]
    report = import_file(by=None, kind="address", path=write_csv(tmp_path / "e.csv", ["address", "lon", "lat"], rows))
    assert (report.created, report.bad) == (1, 0)
    assert Address.objects.get().grid.code in (GRIDS[0], GRIDS[2])


def test_rows_checked_in_worker_processes_give_the_same_import(world: World, tmp_path: Path) -> None:
    path, _bad = thousand_with_fifty_bad(tmp_path)
    with translation.override("en"):
        here = import_file(by=None, kind="person", path=path, dry_run=True, batch_size=300)
        forked = import_file(by=None, kind="person", path=path, batch_size=300, workers=2)
    assert (forked.created, forked.bad) == (950, 50)
    assert forked.problems == here.problems and forked.preview == here.preview and forked.written == here.written
    assert "check digit" in next(p.message for p in forked.problems if p.field == "id_number")


@sqlite_suite
def test_import_killed_with_sigkill_resumes_from_its_last_batch(tmp_path: Path) -> None:
    """A real kill, not an exception: the job is left "running" by a process that no longer
    exists, and the next run of the same file takes it over."""

    def env(name: str) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("JINGWANG_", "DATABASE_URL", "DJANGO_"))}
        return {**keep, "JINGWANG_SECRET_KEY": "kill-test", "JINGWANG_DATA_KEY": settings.DATA_KEY,
                "JINGWANG_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / name}"}  # fmt: skip

    def jingwang(name: str, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "jingwang", *args], env=env(name), capture_output=True,
                              text=True, timeout=300, check=False)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    path = write_csv(tmp_path / "p.csv", HEADER_EN, person_rows(6000))
    jingwang("killed.sqlite3", "migrate", "-v", "0")
    territory = "from jingwang.testing import world_specs; from jingwang.territory.services import territory_import"
    jingwang("killed.sqlite3", "shell", "-c", f"{territory}; territory_import(by=None, specs=world_specs())")
    shutil.copyfile(tmp_path / "killed.sqlite3", tmp_path / "whole.sqlite3")  # the same migrated database, twice
    run = subprocess.Popen([sys.executable, "-m", "jingwang", "import", "person", str(path), "--batch-size", "25"],
                           env=env("killed.sqlite3"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)  # fmt: skip
    done = 0
    try:
        deadline = time.time() + 120
        while time.time() < deadline and not 0 < done < 5000:
            time.sleep(0.05)
            with sqlite3.connect(tmp_path / "killed.sqlite3") as db:
                row = db.execute("SELECT rows_done FROM registry_importjob").fetchone()
            done = row[0] if row else 0
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    assert 0 < done < 6000
    out = jingwang("killed.sqlite3", "import", "person", str(path), "--language", "en")
    assert "resumed job 1 after row" in out and "6,000 rows:" in out and "0 already present" in out
    whole = jingwang("whole.sqlite3", "import", "person", str(path), "--language", "en")
    # The same counts as an uninterrupted run (the generated file holds a bad row or two on purpose).
    assert out.split("rows:")[1].split(";")[0] == whole.split("rows:")[1].split(";")[0]

    def rows(name: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(tmp_path / name) as db:
            persons = db.execute("SELECT name, id_number_index, grid_id FROM registry_person ORDER BY 2").fetchall()
            places = db.execute("SELECT canonical, grid_id FROM registry_address ORDER BY 1").fetchall()
            homes = db.execute("SELECT p.id_number_index, a.canonical FROM registry_residence r JOIN registry_person p "
                               "ON p.id = r.person_id JOIN registry_house h ON h.id = r.house_id JOIN registry_address "
                               "a ON a.id = h.address_id ORDER BY 1").fetchall()  # fmt: skip
        return [*persons, *places, *homes]

    assert rows("killed.sqlite3") == rows("whole.sqlite3")
