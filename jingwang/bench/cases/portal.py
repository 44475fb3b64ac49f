"""portal.find_officer: the public "find my officer" look-up at 1,000,000 standard addresses.

The addresses are written straight into the registry's table (COPY / executemany) in the bench
district's grids (registry.py's generated county), each police district with its roster and a
police office. A query is the text a resident types, in one of two spellings (the standard text,
or without the province and with full-width digits), and runs what the page runs: standardise
with the registry's parser, match the standard text (or an alias), the grid's police district,
and the district's public card (officer, auxiliaries, office). The baseline, same run: one bare
SQL look-up of the already standard text to its police district (no parsing, no card)."""

from __future__ import annotations

import random
from typing import Any

from django.db import connection
from django.utils import timezone

from jingwang.accounts.models import RosterMember
from jingwang.bench.cases.registry import COUNTY, analyse, district_grids
from jingwang.bench.harness import Case, Target, register
from jingwang.demo.registry_seed import division_path
from jingwang.offices.models import PoliceOffice
from jingwang.portal.officers import district_card, district_for_address
from jingwang.registry.addressing.parser import parse_address
from jingwang.registry.imports.bulk import insert_rows, model_row
from jingwang.registry.models import Address
from jingwang.territory.models import Node, NodeKind

FULL_ADDRESSES = 1_000_000
BATCH = 50_000
ROADS_PER_GRID = 10
# Three characters name a road: 30 ** 3 names, ten for each grid (a road belongs to one grid).
SYLLABLES = "安和平兴明德春华秋文光新建民康宁福泰永丰长乐东西南北中阳景云"
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _road(k: int) -> str:
    n = len(SYLLABLES)
    return f"{SYLLABLES[k // (n * n) % n]}{SYLLABLES[k // n % n]}{SYLLABLES[k % n]}路"


def _address_text(prefix: str, grid_index: int, n: int) -> str:
    """The n-th address of a grid: road, number, building, unit, room (unique in the county)."""
    road = _road(grid_index * ROADS_PER_GRID + n % ROADS_PER_GRID)
    number, rest = divmod(n // ROADS_PER_GRID, 240)
    building, room = divmod(rest, 8)
    return f"{prefix}{road}{number + 1}号{building + 1}栋{room % 2 + 1}单元{room // 2 + 1}0{room % 2 + 1}室"


def seed_addresses(size: int, grids: list[Node], log: Any) -> int:
    """`size` addresses spread over the grids (written once per database)."""
    present = Address.objects.filter(grid__in=[g.pk for g in grids]).count()
    if present >= size:
        return present
    prefixes = {}
    for g in grids:
        township = g.parent.parent if g.parent is not None else None
        prefixes[g.pk] = division_path(township.code) if township else ""
    now = timezone.now()
    next_id = (Address.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    rows: list[tuple[Any, ...]] = []
    for k in range(present, size):
        grid = grids[k % len(grids)]
        text = _address_text(prefixes[grid.pk], k % len(grids), k // len(grids))
        values = {
            "id": next_id,
            "grid_id": grid.pk,
            "is_active": True,
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "division_code": COUNTY,
            "canonical": text,
        }
        rows.append(model_row(Address, values))
        next_id += 1
        if len(rows) >= BATCH:
            insert_rows(Address, rows)
            rows = []
            log(f"portal: {k + 1:,}/{size:,} addresses")
    insert_rows(Address, rows)
    return size


def seed_roster(districts: list[Node]) -> None:
    if PoliceOffice.objects.filter(district__in=districts).exists():
        return
    PoliceOffice.objects.bulk_create(
        PoliceOffice(
            district=d, name=f"{d.name}警务室", address="文一路1号", opening_hours="9:00-17:00", phone="0571-0000"
        )
        for d in districts
    )
    RosterMember.objects.bulk_create(
        [RosterMember(police_district=d, position="officer", name=f"民警{i}") for i, d in enumerate(districts)]
        + [RosterMember(police_district=d, position="auxiliary", name=f"辅警{i}") for i, d in enumerate(districts)]
    )


@register(
    "portal.find_officer", "find my officer by a typed address at 1M addresses (vs bare SQL of the standard text)"
)
class FindOfficerCase(Case):
    unit = "ms"
    repeats = 1000
    quick_repeats = 200
    warmup = 20

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = Target("p95", 0.050, at_most=True, label="p95 ≤ 50 ms")
        self.queries: list[tuple[str, str]] = []

    def setup(self) -> None:
        grids = district_grids(self.ctx)
        size = self.ctx.size(FULL_ADDRESSES, minimum=2000)
        self.ctx.log(f"portal: {size:,} addresses")
        self.size = seed_addresses(size, grids, self.ctx.log)
        districts = list(Node.objects.filter(kind=NodeKind.POLICE_DISTRICT, code__startswith=COUNTY))
        seed_roster(districts)
        analyse()
        rng = random.Random(self.ctx.seed)
        ids = rng.sample(range(1, self.size), min(2000, self.size - 1))
        first = Address.objects.filter(grid__in=[g.pk for g in grids]).order_by("pk").values_list("pk", flat=True)[0]
        chosen = list(Address.objects.filter(pk__in=[first + i for i in ids]).values_list("canonical", flat=True))
        for i, canonical in enumerate(chosen):
            typed = canonical if i % 2 else canonical.split("省", 1)[-1].translate(FULLWIDTH)
            self.queries.append((typed, canonical))
        matched = sum(parse_address(t).canonical == c for t, c in self.queries[:200])
        if matched < 200:
            raise RuntimeError(f"only {matched}/200 typed addresses standardise to the stored text")
        self.notes.append(
            f"{self.size:,} addresses in {len(grids):,} grids, {len(districts):,} police districts; "
            f"typed spellings standardised to the stored text: {matched}/200"
        )

    def measured(self, i: int) -> int:
        typed, _ = self.queries[i % len(self.queries)]
        district = district_for_address(typed)
        assert district is not None, typed
        card = district_card(district)
        assert card.officers
        return 1

    def baseline(self, i: int) -> int:
        _, canonical = self.queries[i % len(self.queries)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT n.police_district_id FROM {Address._meta.db_table} a "
                f"JOIN {Node._meta.db_table} n ON n.id = a.grid_id WHERE a.canonical = %s",
                [canonical],
            )
            assert cursor.fetchone() is not None
        return 1
