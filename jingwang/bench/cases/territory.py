"""territory.subtree: all grids under a police station, through the ORM versus hand-written SQL."""

from __future__ import annotations

import random

from django.db import connection

from jingwang.bench.harness import Case, Target, register
from jingwang.territory.importer import WRITE_ORDER, NodeSpec
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.selectors import grid_ids_under, grids_under
from jingwang.territory.services import _paths_for

K = NodeKind
FULL_GRIDS = 30_000
# A city of 10 sub-bureaus x 10 stations x 10 police districts x 30 grids at full size; the
# administrative tree mirrors it (county ~ bureau, subdistrict ~ station, community ~ district).
GRIDS_PER_DISTRICT = 30
DISTRICTS_PER_STATION = 10
STATIONS_PER_BUREAU = 10


def territory_specs(grids: int) -> list[NodeSpec]:
    """A generated city with `grids` grids, as rows an import file would hold (valid codes)."""
    specs = [
        NodeSpec("bench", K.PROVINCE, "320000", "江苏省"),
        NodeSpec("bench", K.CITY, "320100", "南京市", parent="province:320000"),
    ]
    seen: set[tuple[str, str]] = set()

    def add(kind: str, code: str, name: str, parent: str, district: str = "") -> None:
        if (kind, code) not in seen:
            seen.add((kind, code))
            specs.append(NodeSpec("bench", kind, code, name, parent=parent, police_district=district))

    for k in range(grids):
        d = k // GRIDS_PER_DISTRICT
        s = d // DISTRICTS_PER_STATION
        b = s // STATIONS_PER_BUREAU
        county = f"3201{b + 2:02d}"
        subdistrict = f"{county}{s % STATIONS_PER_BUREAU + 1:03d}"
        community = f"{subdistrict}{d % DISTRICTS_PER_STATION + 1:03d}"
        station, district = subdistrict, community  # same digits, other tree
        add(K.COUNTY, county, f"第{b + 1}区", "city:320100")
        add(K.SUBDISTRICT, subdistrict, f"第{s + 1}街道", f"county:{county}")
        add(K.COMMUNITY, community, f"第{d + 1}社区", f"subdistrict:{subdistrict}")
        add(K.BUREAU, county, f"第{b + 1}分局", "city:320100")
        add(K.STATION, station, f"第{s + 1}派出所", f"bureau:{county}")
        add(K.POLICE_DISTRICT, district, f"第{d + 1}警务区", f"station:{station}")
        add(K.GRID, f"{community}{k % GRIDS_PER_DISTRICT + 1:03d}", f"第{k + 1}网格",
            f"community:{community}", f"police_district:{district}")  # fmt: skip
    return specs


def _key(ref: str) -> tuple[str, str]:
    kind, _, code = ref.partition(":")
    return kind, code


def territory_nodes(specs: list[NodeSpec]) -> list[Node]:
    """Unsaved nodes, parents first, with the paths and depths `territory_import` would give them."""
    order: dict[str, int] = {k: i for i, k in enumerate(WRITE_ORDER)}
    nodes: dict[tuple[str, str], Node] = {}
    for s in sorted(specs, key=lambda s: order[s.kind]):
        parent = nodes[_key(s.parent)] if s.parent else None
        district = nodes[_key(s.police_district)] if s.police_district else None
        path, police_path, depth = _paths_for(s.kind, s.code, parent, district)
        nodes[(s.kind, s.code)] = Node(
            kind=s.kind, code=s.code, name=s.name, parent=parent, police_district=district,
            path=path, police_path=police_path, depth=depth,
        )  # fmt: skip
    return list(nodes.values())


def territory_generate(grids: int) -> list[Node]:
    """Write a generated city straight into the node table, one bulk insert per kind."""
    nodes = territory_nodes(territory_specs(grids))
    for kind in WRITE_ORDER:
        batch = [n for n in nodes if n.kind == kind]
        if batch:
            # Each level's primary keys come back from the insert, so its children can point at it.
            Node.objects.bulk_create(batch, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else f"ANALYZE {Node._meta.db_table}")
    return nodes


def subtree_sql(station: Node) -> list[int]:
    """The query `grids_under` makes, written by hand: a prefix range over police_path."""
    table = Node._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT id FROM {table} WHERE police_path LIKE %s AND kind = %s", [station.path + "%", K.GRID]
            )
        else:
            cursor.execute(
                f"SELECT id FROM {table} WHERE police_path >= %s AND police_path < %s AND kind = %s",
                [station.path, station.path[:-1] + "0", K.GRID],
            )
        return [row[0] for row in cursor.fetchall()]


@register("territory.subtree", "all grids under a random police station: grid_ids_under vs hand-written SQL")
class SubtreeCase(Case):
    unit = "ms"
    repeats = 300
    quick_repeats = 100
    warmup = 10

    def setup(self) -> None:
        self.size = self.ctx.size(FULL_GRIDS)
        self.ctx.log(f"territory.subtree: generating {self.size:,} grids")
        # The cases share one throwaway database: generate the city once.
        existing = Node.objects.filter(kind=K.GRID).count()
        nodes = list(Node.objects.all()) if existing == self.size else territory_generate(self.size)
        stations = [n for n in nodes if n.kind == K.STATION]
        rng = random.Random(self.ctx.seed)
        self.sequence = [rng.choice(stations) for _ in range(1000)]
        sample = self.sequence[0]
        orm, sql = sorted(self.query(sample)), sorted(subtree_sql(sample))
        if orm != sql or not orm:
            raise AssertionError(f"ORM and SQL disagree on {sample.ref}: {len(orm)} vs {len(sql)} grids")
        self.target = Target("ratio", 2.0, at_most=True, label="ratio ≤ 2.0")
        self.notes.append(
            f"{len(stations)} stations, {len(orm)} grids each; a random station per repeat, same sequence for both"
        )

    @staticmethod
    def query(station: Node) -> list[int]:
        return grid_ids_under(station)

    def measured(self, i: int) -> int:
        self.query(self.sequence[i % len(self.sequence)])
        return 1

    def baseline(self, i: int) -> int:
        subtree_sql(self.sequence[i % len(self.sequence)])
        return 1


@register("territory.subtree_queryset", "the same look-up built as a fresh ORM queryset each call (no target)")
class SubtreeQuerysetCase(SubtreeCase):
    """What a caller pays who builds `grids_under(...)` anew and evaluates it on its own; as a
    subquery inside a larger query the building cost is shared with the outer query."""

    def setup(self) -> None:
        super().setup()
        self.target = None

    @staticmethod
    def query(station: Node) -> list[int]:
        return list(grids_under(station).values_list("id", flat=True))
