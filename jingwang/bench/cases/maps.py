"""maps.clusters: the map's clustered layer of standard addresses over a district of 1,000,000
addresses (issue 15: a clustered layer request p95 ≤ 50 ms), against the same cells read by
hand-written SQL. The request is the API view itself (DRF, permission, query validation, the
scope, the cells, the JSON), called with a bureau commander's identity; the middleware aside."""

from __future__ import annotations

import json
import random
import time
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction
from rest_framework.test import APIRequestFactory, force_authenticate

from jingwang.accounts.services import user_create
from jingwang.bench.cases.territory import territory_nodes
from jingwang.bench.harness import Case, Target, register
from jingwang.core.roles import Role
from jingwang.maps import cells
from jingwang.maps.api.views import FeaturesApi
from jingwang.maps.models import MapCell
from jingwang.registry.imports.bulk import insert_rows
from jingwang.registry.models import Address
from jingwang.territory.importer import WRITE_ORDER, NodeSpec
from jingwang.territory.models import Node, NodeKind

K = NodeKind
FULL_ADDRESSES = 1_000_000
STATIONS, DISTRICTS_PER_STATION, GRIDS_PER_DISTRICT = 4, 10, 30  # 1,200 grids, ~830 addresses each
# The district drawn over ~ 0.24° × 0.16° (about 22 km × 18 km), grids in a lattice of 40 × 30.
WEST, SOUTH, EAST, NORTH = 118.66, 31.98, 118.90, 32.14
COLUMNS, ROWS = 40, 30
COUNTY = "340102"  # codes apart from every other case's (they use 3201xx)


def district_specs() -> list[NodeSpec]:
    specs = [
        NodeSpec("bench", K.PROVINCE, "340000", "安徽省"),
        NodeSpec("bench", K.CITY, "340100", "合肥市", parent="province:340000"),
        NodeSpec("bench", K.COUNTY, COUNTY, "地图区", parent="city:340100"),
        NodeSpec("bench", K.BUREAU, COUNTY, "地图分局", parent="city:340100"),
    ]
    k = 0
    for s in range(STATIONS):
        station = f"{COUNTY}{s + 1:03d}"
        specs.append(NodeSpec("bench", K.SUBDISTRICT, station, f"第{s + 1}街道", parent=f"county:{COUNTY}"))
        specs.append(NodeSpec("bench", K.STATION, station, f"第{s + 1}派出所", parent=f"bureau:{COUNTY}"))
        for d in range(DISTRICTS_PER_STATION):
            district = f"{station}{d + 1:03d}"
            specs.append(NodeSpec("bench", K.COMMUNITY, district, f"第{k}社区", parent=f"subdistrict:{station}"))
            specs.append(NodeSpec("bench", K.POLICE_DISTRICT, district, f"第{k}警务区", parent=f"station:{station}"))
            for g in range(GRIDS_PER_DISTRICT):
                code = f"{district}{g + 1:03d}"
                specs.append(NodeSpec("bench", K.GRID, code, f"第{k}网格", parent=f"community:{district}",
                                      police_district=f"police_district:{district}"))  # fmt: skip
                k += 1
    return specs


def grid_box(index: int) -> tuple[float, float, float, float]:
    col, row = index % COLUMNS, index // COLUMNS
    w, h = (EAST - WEST) / COLUMNS, (NORTH - SOUTH) / ROWS
    return WEST + col * w, SOUTH + row * h, WEST + (col + 1) * w, SOUTH + (row + 1) * h


@register(
    "maps.clusters", "clustered standard-address layer over 1,000,000 addresses, bureau scope: API view vs bare SQL"
)
class ClustersCase(Case):
    unit = "ms"
    repeats = 400
    quick_repeats = 100
    warmup = 20

    def setup(self) -> None:
        self.size = self.ctx.size(FULL_ADDRESSES, minimum=10_000)
        if not Node.objects.filter(kind=K.BUREAU, code=COUNTY).exists():
            nodes = territory_nodes(district_specs())
            for kind in WRITE_ORDER:
                batch = [n for n in nodes if n.kind == kind]
                if batch:
                    Node.objects.bulk_create(batch, batch_size=2000)
        bureau = Node.objects.get(kind=K.BUREAU, code=COUNTY)
        under = Node.objects.filter(kind=K.GRID, police_path__startswith=bureau.path)
        grids = list(under.order_by("code"))
        name = f"bench_map_{int(time.time())}"
        self.commander = user_create(by=None, username=name, display_name="地图指挥", password="Bench-Map-2026!",
                                     role=Role.BUREAU_COMMANDER, scopes=[bureau])  # fmt: skip
        existing = Address.objects.filter(grid__in=[g.pk for g in grids]).count()
        if existing < self.size:
            self._addresses(grids, self.size - existing)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "ANALYZE registry_address, territory_node")
        started = time.perf_counter()
        counted = cells.rebuild("addresses")
        took = time.perf_counter() - started
        rows = MapCell.objects.filter(layer="addresses").count()
        self.notes.append(f"cells rebuilt from {counted:,} addresses in {took:.1f} s ({rows:,} cell rows, zooms 3–16)")
        self.grid_path = bureau.path
        rng = random.Random(self.ctx.seed)
        self.views: list[tuple[int, tuple[float, float, float, float]]] = []
        for _ in range(1000):
            zoom = rng.randint(8, 16)
            lon, lat = rng.uniform(WEST, EAST), rng.uniform(SOUTH, NORTH)
            half_w, half_h = 640 / 256 * 360 / (1 << zoom) / 2, 400 / 256 * 360 / (1 << zoom) / 2 * 0.85
            self.views.append((zoom, (lon - half_w, lat - half_h, lon + half_w, lat + half_h)))
        self.factory = APIRequestFactory()
        self.view = FeaturesApi.as_view()
        self.target = Target("p95", 0.050, at_most=True, label="p95 ≤ 50 ms")

    def _addresses(self, grids: list[Node], count: int) -> None:
        self.ctx.log(f"maps.clusters: writing {count:,} standard addresses over {len(grids):,} grids")
        rng = random.Random(self.ctx.seed + 15)
        now = datetime.now(UTC)
        start = (Address.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        batch: list[tuple[Any, ...]] = []
        for i in range(count):
            g = i % len(grids)
            w, s, e, n = grid_box(g)
            grid = grids[g]
            pk = start + i
            batch.append((pk, grid.pk, True, None, None, 1, now, now, None, COUNTY, grid.code[:9], "", "", "地图路",
                          f"{pk}号", "", "", "", "", "", "", f"安徽省合肥市地图区地图路{pk}号",
                          round(rng.uniform(w, e), 6), round(rng.uniform(s, n), 6)))  # fmt: skip
            if len(batch) == 20_000:
                with transaction.atomic():
                    insert_rows(Address, batch)
                batch = []
        if batch:
            with transaction.atomic():
                insert_rows(Address, batch)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                top = "(SELECT max(id) FROM registry_address)"
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('registry_address', 'id'), {top})")

    def measured(self, i: int) -> int:
        zoom, (w, s, e, n) = self.views[i % len(self.views)]
        request = self.factory.get(
            "/api/v1/map/layers/addresses/features/", {"bbox": f"{w},{s},{e},{n}", "zoom": str(zoom)}
        )
        force_authenticate(request, user=self.commander)
        response = self.view(request, key="addresses")
        response.render()
        if response.status_code != 200:
            raise AssertionError(response.content)
        return 1

    def baseline(self, i: int) -> int:
        zoom, (w, s, e, n) = self.views[i % len(self.views)]
        x0, y0 = cells.cell_of(w, s, zoom)
        x1, y1 = cells.cell_of(e, n, zoom)
        with connection.cursor() as cursor:
            param: Any
            if connection.vendor == "postgresql":
                grids = "SELECT id FROM territory_node WHERE kind = 'grid' AND police_path LIKE %s"
                cursor.execute(grids, [self.grid_path + "%"])
                scope, param = "grid_id IN (SELECT unnest(%s::bigint[]))", [r[0] for r in cursor.fetchall()]
            else:
                scope = "grid_id IN (SELECT id FROM territory_node WHERE kind = 'grid' AND police_path LIKE %s)"
                param = self.grid_path + "%"
            cursor.execute(
                "SELECT cx, cy, SUM(count), SUM(lon_sum), SUM(lat_sum) FROM maps_mapcell "
                "WHERE layer = %s AND zoom = %s AND cx BETWEEN %s AND %s AND cy BETWEEN %s AND %s "
                f"AND {scope} GROUP BY cx, cy",
                ["addresses", zoom, x0, x1, y0, y1, param],
            )
            json.dumps([[r[0], r[1], r[2], r[3] / r[2], r[4] / r[2]] for r in cursor.fetchall()])
        return 1
