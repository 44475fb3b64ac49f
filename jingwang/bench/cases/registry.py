"""Registry cases at district scale: import rate, search by ID and by name + birth date, the scoped
person list, and point-to-grid assignment, over a million synthetic residents.

The cases share one generated district (a real county's subdistrict names, 100 communities and
police districts, 1,000 grids at full size, as SYSTEM.md §6 sizes a district), seeded once per run
with `seed_registry` and analysed, and an officer holding one police district.
"""

from __future__ import annotations

import csv
import random
import re
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from django.db import connection, models, transaction

from jingwang.accounts.services import user_create
from jingwang.bench.harness import Case, Context, Target, register
from jingwang.core import crypto
from jingwang.core.access import forget_grants
from jingwang.demo.registry_seed import Generator, division_table, seed_places, seed_registry
from jingwang.registry.identifiers import ID_CONTEXT, id_index
from jingwang.registry.imports.bulk import insert_rows
from jingwang.registry.imports.importer import default_workers, import_file
from jingwang.registry.models import Address, AddressAlias, House, ImportJob, Person, Residence
from jingwang.registry.selectors import person_list, search_persons
from jingwang.territory.importer import NodeSpec
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.services import territory_import
from jingwang.territory.spatial import GridLocator

K = NodeKind
# Hangzhou's Xihu district: a county no other bench case generates, with real subdistrict names.
PROVINCE, CITY, COUNTY = "330000", "330100", "330106"
TOWNSHIPS = ["330106002", "330106003", "330106004", "330106005", "330106006"]
WEST, SOUTH, EAST, NORTH = 120.05, 30.20, 120.20, 30.32
GRIDS_PER_COMMUNITY = 10
FULL_RESIDENTS = 1_000_000
OFFICER = "bench_officer"


def box(w: float, s: float, e: float, n: float) -> dict[str, Any]:
    ring = [[w, s], [e, s], [e, n], [w, n], [w, s]]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


def district_specs(communities: int) -> list[NodeSpec]:
    """The county cut into subdistrict strips, each into community bands, each into 10 grids; one
    police district per community, one station per subdistrict."""
    names = division_table()
    specs = [
        NodeSpec("bench", K.PROVINCE, PROVINCE, names[PROVINCE].name),
        NodeSpec("bench", K.CITY, CITY, names[CITY].name, parent=f"province:{PROVINCE}"),
        NodeSpec("bench", K.COUNTY, COUNTY, names[COUNTY].name, parent=f"city:{CITY}",
                 boundary=box(WEST, SOUTH, EAST, NORTH)),
        NodeSpec("bench", K.BUREAU, COUNTY, "杭州市公安局西湖区分局", parent=f"city:{CITY}"),
    ]  # fmt: skip
    subdistricts = min(len(TOWNSHIPS), communities)
    width = (EAST - WEST) / subdistricts
    for s, township in enumerate(TOWNSHIPS[:subdistricts]):
        w, e = WEST + s * width, WEST + (s + 1) * width
        station = f"{COUNTY}{s + 1:03d}"
        specs.append(NodeSpec("bench", K.SUBDISTRICT, township, names[township].name, parent=f"county:{COUNTY}",
                              boundary=box(w, SOUTH, e, NORTH)))  # fmt: skip
        specs.append(NodeSpec("bench", K.STATION, station, f"第{s + 1}派出所", parent=f"bureau:{COUNTY}"))
        mine = [c for c in range(communities) if c % subdistricts == s]
        height = (NORTH - SOUTH) / len(mine)
        for k, c in enumerate(mine):
            so, n = SOUTH + k * height, SOUTH + (k + 1) * height
            community, district = f"{township}{k + 1:03d}", f"{station}{k + 1:03d}"
            specs.append(NodeSpec("bench", K.COMMUNITY, community, f"第{c + 1}社区", parent=f"subdistrict:{township}",
                                  boundary=box(w, so, e, n)))  # fmt: skip
            specs.append(NodeSpec("bench", K.POLICE_DISTRICT, district, f"第{c + 1}警务区",
                                  parent=f"station:{station}"))  # fmt: skip
            step = (e - w) / GRIDS_PER_COMMUNITY
            for g in range(GRIDS_PER_COMMUNITY):
                specs.append(NodeSpec("bench", K.GRID, f"{community}{g + 1:03d}", f"第{c + 1}社区第{g + 1}网格",
                                      parent=f"community:{community}", police_district=f"police_district:{district}",
                                      boundary=box(w + g * step, so, w + (g + 1) * step, n)))  # fmt: skip
    return specs


def district_grids(ctx: Context) -> list[Node]:
    """The bench district's grids, created on first use (shared by the cases of one run)."""
    communities = max(2, round(100 * ctx.scale))
    grids = list(Node.objects.filter(kind=K.GRID, code__startswith=COUNTY, boundary__isnull=False)
                 .select_related("parent__parent").order_by("code"))  # fmt: skip
    if not grids:
        ctx.log(f"registry: generating a district of {communities * GRIDS_PER_COMMUNITY:,} grids")
        report = territory_import(by=None, specs=district_specs(communities))
        if report.plan.fatal:
            raise RuntimeError("; ".join(map(str, report.plan.fatal)))
        return district_grids(ctx)
    return grids


def analyse(*models: Any) -> None:
    """Fresh planner statistics after a bulk load: of these models' tables on PostgreSQL (the
    registry's when none are named), of the whole file on SQLite (with the WAL checkpointed)."""
    if connection.in_atomic_block:  # (only the test suite runs the bench inside a transaction)
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in models or (Person, Address, House, Residence, Node):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def district_people(ctx: Context) -> tuple[list[Node], Any]:
    """The district seeded with its residents (once per run) and the officer of its first police
    district."""
    grids = district_grids(ctx)
    size = ctx.size(FULL_RESIDENTS, minimum=1000)
    present = Person.objects.filter(grid__in=[g.pk for g in grids]).count()
    if present < size:
        ctx.log(f"registry: seeding {size - present:,} residents")
        start = time.perf_counter()
        seed_registry(residents=size - present, seed=ctx.seed, grids=grids, log=lambda m: ctx.log(f"registry: {m}"))
        ctx.log(f"registry: seeded in {time.perf_counter() - start:.0f} s")
        analyse()
    from jingwang.accounts.models import User

    officer = User.objects.filter(username=OFFICER).first()
    if officer is None:
        district = Node.objects.get(kind=K.POLICE_DISTRICT, code=f"{COUNTY}001001")
        officer = user_create(by=None, username=OFFICER, display_name="基准民警", password=secrets.token_urlsafe(16),
                              role="community_officer", scopes=[district])  # fmt: skip
    return grids, officer


# --- import ---------------------------------------------------------------------------------------

IMPORTED: tuple[type[models.Model], ...] = (
    Address,
    AddressAlias,
    Person,
    House,
    Residence,
)  # in the order rows may be written
IMPORT_HEADER = ["姓名", "性别", "出生日期", "身份证号", "手机号", "居住类型", "地址", "经度", "纬度"]
RESIDENCE_WORDS = {"registered": "户籍", "floating": "流动", "overseas": "境外"}


def write_person_csv(path: Path, places: list[Any], count: int, seed: int) -> int:
    """A person file as a police station would hand it over: Chinese headers, the address written
    without the province, coordinates from the collection app."""
    generator = Generator(places, seed)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(IMPORT_HEADER)
        for batch in generator.batches(count, 0):
            points = {a.canonical: (a.lon, a.lat) for a in batch.addresses}
            for p in batch.persons:
                d = p.clean
                lon, lat = points[p.address]
                out.writerow([d["name"], "男" if d["sex"] == "1" else "女", d["birth_date"].isoformat(),
                              d["id_number"], d["phone"], RESIDENCE_WORDS[d["residence_type"]],
                              re.sub(r"^.{2,3}?省", "", p.address), lon, lat])  # fmt: skip
                rows += 1
    return rows


def scratch_table(model: type[models.Model]) -> str:
    """An empty copy of a table with its columns and indexes, without foreign keys (a raw insert)."""
    source = model._meta.db_table
    name = f"bench_scratch_{source}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TABLE {name} (LIKE {source} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)"
            )
            return name
        cursor.execute("SELECT sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL", [source])
        for (ddl,) in cursor.fetchall():
            ddl = re.sub(r'^(CREATE (?:UNIQUE )?INDEX )"([^"]+)"', rf'\1"{name}_\2"', ddl)
            ddl = re.sub(r' REFERENCES "\w+" \("\w+"\)( DEFERRABLE INITIALLY DEFERRED)?', "", ddl)
            cursor.execute(ddl.replace(f'"{source}"', f'"{name}"', 1))
    return name


@register("registry.import", "import a CSV of persons (rows/s) vs a raw bulk insert of the same final rows")
class ImportCase(Case):
    """Measured: `import_file` of a generated person file into an empty registry (addresses,
    aliases, houses, persons and residences written). Baseline: the rows it wrote, read back, then
    inserted raw into empty copies of the same tables (same columns and indexes), COPY on
    PostgreSQL and executemany on SQLite, in transactions of the import's batch size. Before each
    call (untimed) the previous call's rows are removed."""

    unit = "ops/s"
    repeats = 3
    quick_repeats = 2
    warmup = 0
    batch = 2000

    def setup(self) -> None:
        grids = district_grids(self.ctx)
        self.folder = tempfile.TemporaryDirectory(prefix="jingwang-bench-import-")
        self.path = Path(self.folder.name) / "persons.csv"
        size = self.ctx.size(FULL_RESIDENTS, minimum=1000)
        self.ctx.log(f"registry.import: writing a file of {size:,} persons")
        self.size = write_person_csv(self.path, seed_places(grids), size, self.ctx.seed + 1)
        self.floor = {m: self.top(m) for m in IMPORTED}
        self.scratch = {m: scratch_table(m) for m in IMPORTED}
        self.final: dict[type[models.Model], list[tuple[Any, ...]]] = {}
        self.report: Any = None
        self.target = Target("ratio", 4.0, at_most=True, label="rate ≥ 0.25 × baseline (ratio ≤ 4)")

    @staticmethod
    def top(model: type[models.Model]) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT max(id) FROM {model._meta.db_table}")
            return int(cursor.fetchone()[0] or 0)

    def remove_imported(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for model in reversed(IMPORTED):
                cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE id > %s", [self.floor[model]])
            ImportJob.objects.all().delete()

    def prepare(self, i: int, baseline: bool) -> None:
        if not baseline:
            self.remove_imported()
            return
        if not self.final:
            columns = {
                m: ", ".join(connection.ops.quote_name(f.column) for f in m._meta.concrete_fields) for m in IMPORTED
            }
            with connection.cursor() as cursor:
                for m in IMPORTED:
                    cursor.execute(f"SELECT {columns[m]} FROM {m._meta.db_table} WHERE id > %s ORDER BY id",
                                   [self.floor[m]])  # fmt: skip
                    self.final[m] = cursor.fetchall()
            counts = ", ".join(f"{len(rows):,} {m._meta.db_table}" for m, rows in self.final.items())
            self.notes.append(
                f"{self.size:,} rows a call, checked in {default_workers()} worker process(es) as `jingwang import` "
                f"does; rows written: {counts}"
            )
        with connection.cursor() as cursor:
            for name in self.scratch.values():
                cursor.execute(f"DELETE FROM {name}")

    def measured(self, i: int) -> int:
        self.report = import_file(
            by=None, kind="person", path=self.path, batch_size=self.batch, workers=default_workers()
        )
        if self.report.created + self.report.present != self.size or self.report.bad:
            raise AssertionError(f"import: {self.report.created} created, {self.report.bad} bad of {self.size}")
        return self.size

    def baseline(self, i: int) -> int:
        for model, rows in self.final.items():
            for start in range(0, len(rows), self.batch):
                with transaction.atomic():
                    insert_rows(model, rows[start : start + self.batch], table_name=self.scratch[model])
        return self.size

    def teardown(self) -> None:
        self.remove_imported()
        with connection.cursor() as cursor:
            for name in self.scratch.values():
                cursor.execute(f"DROP TABLE IF EXISTS {name}")
        self.folder.cleanup()
        self.final.clear()


# --- search and list ------------------------------------------------------------------------------

PERSON_COLUMNS = ", ".join(f'"{f.column}"' for f in Person._meta.concrete_fields)  # quoted: SQLite and PostgreSQL agree


class RegistryReadCase(Case):
    unit = "ms"
    repeats = 1000
    quick_repeats = 300
    warmup = 20

    def setup(self) -> None:
        grids, self.officer = district_people(self.ctx)
        self.size = Person.objects.filter(grid__in=[g.pk for g in grids]).count()
        self.scope_grids = sorted(set(person_list(viewer=self.officer).order_by().values_list("grid_id", flat=True)))
        in_scope = Person.objects.filter(grid_id__in=self.scope_grids, is_active=True)
        self.scoped = in_scope.count()
        rng = random.Random(self.ctx.seed)
        ids = list(in_scope.values_list("id", flat=True))
        chosen = Person.objects.filter(pk__in=rng.sample(ids, min(2000, len(ids))))
        self.people = [(crypto.decrypt(p.id_number_enc, context=ID_CONTEXT), p.name, p.birth_date) for p in chosen]
        rng.shuffle(self.people)

    def who(self, i: int) -> tuple[str, str, Any]:
        return self.people[i % len(self.people)]

    def search(self, text: str) -> list[Person]:
        """What `GET /api/v1/persons/?q=…` runs: a fresh scope (grants are read per request), the
        scoped queryset, the typed search and the first page of the cursor pagination."""
        forget_grants(self.officer)
        return list(search_persons(person_list(viewer=self.officer), text).order_by("-pk")[:51])

    def sql(self, where: str, params: list[Any]) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {PERSON_COLUMNS} FROM {Person._meta.db_table} WHERE {where}", params)
            return cursor.fetchall()


@register("registry.search_id", "search a registered ID number, scoped to an officer (vs bare SQL on the blind index)")
class SearchIdCase(RegistryReadCase):
    def setup(self) -> None:
        super().setup()
        found = self.search(self.who(0)[0])
        if len(found) != 1:
            raise AssertionError(f"ID search found {len(found)} persons")
        self.target = Target("p99", 0.020, at_most=True, label="p99 ≤ 20 ms")
        self.notes.append(f"{self.size:,} residents; the officer sees {self.scoped:,}; a random one of them per call")

    def measured(self, i: int) -> int:
        self.search(self.who(i)[0])
        return 1

    def baseline(self, i: int) -> int:
        self.sql("id_number_index = %s AND is_active = %s", [id_index(self.who(i)[0]), True])
        return 1


@register("registry.search_name_birth", "search name + birth date, scoped to an officer (vs bare SQL)")
class SearchNameBirthCase(RegistryReadCase):
    def setup(self) -> None:
        super().setup()
        _number, name, birth = self.who(0)
        if not self.search(f"{name} {birth.isoformat()}"):
            raise AssertionError("name + birth date search found nobody")
        self.target = Target("p99", 0.050, at_most=True, label="p99 ≤ 50 ms")
        self.notes.append(f"{self.size:,} residents; the officer sees {self.scoped:,}; query '姓名 YYYY-MM-DD'")

    def measured(self, i: int) -> int:
        _number, name, birth = self.who(i)
        self.search(f"{name} {birth.isoformat()}")
        return 1

    def baseline(self, i: int) -> int:
        _number, name, birth = self.who(i)
        self.sql("name = %s AND birth_date = %s AND is_active = %s", [name, birth, True])
        return 1


@register("registry.person_list", "an officer's first page of 50 persons (vs hand SQL over their grids)")
class PersonListCase(RegistryReadCase):
    def setup(self) -> None:
        super().setup()
        self.marks = ", ".join(["%s"] * len(self.scope_grids))
        page = [p.pk for p in person_list(viewer=self.officer)[:51]]
        if page != [row[0] for row in self.page_sql()]:
            raise AssertionError("ORM and SQL pages differ")
        self.target = Target("p95", 0.050, at_most=True, label="p95 ≤ 50 ms")
        self.notes.append(f"{self.scoped:,} persons in the officer's {len(self.scope_grids)} grids, newest first")

    def page_sql(self) -> list[tuple[Any, ...]]:
        return self.sql(f"grid_id IN ({self.marks}) AND is_active = %s ORDER BY id DESC LIMIT 51",
                        [*self.scope_grids, True])  # fmt: skip

    def measured(self, i: int) -> int:
        forget_grants(self.officer)
        list(person_list(viewer=self.officer)[:51])
        return 1

    def baseline(self, i: int) -> int:
        self.page_sql()
        return 1


# --- grid assignment -----------------------------------------------------------------------------

POINTS = 1_000_000
LOOP_SAMPLE = 10_000
GRID_TARGET_SECONDS = 30.0


@register("registry.grid_assignment", "1M points to grids: GridLocator.locate_many vs locate() point by point")
class GridAssignmentCase(Case):
    """The baseline answers a sample of 10,000 points one at a time (an STRtree query per point,
    as a loop over `locate` would); both are compared per point."""

    unit = "ops/s"
    repeats = 5
    quick_repeats = 3

    def setup(self) -> None:
        grids = district_grids(self.ctx)
        self.locator = GridLocator.from_database()
        rng = np.random.default_rng(self.ctx.seed)
        self.size = self.ctx.size(POINTS, minimum=LOOP_SAMPLE)
        self.lons: Any = rng.uniform(WEST, EAST, self.size)
        self.lats: Any = rng.uniform(SOUTH, NORTH, self.size)
        lons, lats = self.lons[:LOOP_SAMPLE].tolist(), self.lats[:LOOP_SAMPLE].tolist()
        many = self.locator.locate_many(lons, lats)
        one = [self.locator.locate(x, y) for x, y in zip(lons, lats, strict=True)]
        if many != one or any(g is None for g in many):
            raise AssertionError("locate_many and locate disagree")
        rate = POINTS / GRID_TARGET_SECONDS
        self.target = Target("rate", rate, at_most=False, label=f"≥ {rate:,.0f} points/s (1M in ≤ 30 s)")
        self.notes.append(f"{self.size:,} random points over {len(grids):,} grids (of {len(self.locator.ids):,} "
                          f"with polygons); baseline: {LOOP_SAMPLE:,} of them one by one")  # fmt: skip

    def measured(self, i: int) -> int:
        self.locator.locate_many(self.lons, self.lats)
        return self.size

    def baseline(self, i: int) -> int:
        locate = self.locator.locate
        for x, y in zip(self.lons[:LOOP_SAMPLE].tolist(), self.lats[:LOOP_SAMPLE].tolist(), strict=True):
            locate(x, y)
        return LOOP_SAMPLE
