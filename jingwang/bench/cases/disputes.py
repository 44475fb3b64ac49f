"""Dispute cases: the ledger's first page (台账) at 100,000 disputes, for a community officer (one
police district: about 1% of the disputes) and for a bureau commander (all of them).

The disputes, and the casework cases they hang on, are bulk-loaded once per run into the registry
cases' generated district (1,000 grids at full size), spread evenly over the grids and over two
years. Measured: what `GET /api/v1/disputes/` and the ledger page run for the first page: a fresh
scope (grants are read per request), the scoped queryset through the ledger's FilterSet, newest
first, 51 rows with grid, community, officer and mediator joined. Baseline: the bare SQL of the same
page over the same grid ids, written by hand (no scope subquery, no joins).
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from jingwang.accounts.services import user_create
from jingwang.bench.cases.registry import COUNTY, analyse, district_grids
from jingwang.bench.harness import Case, Target, register
from jingwang.core.access import forget_grants
from jingwang.territory.models import Node, NodeKind

FULL_DISPUTES = 100_000
BATCH = 5_000
OFFICER = "bench_dispute_officer"
COMMANDER = "bench_dispute_commander"
PAGE = 51  # a page of 50 and one more, as the cursor pagination asks for


def _columns() -> str:
    from jingwang.disputes.models import Dispute

    return ", ".join(f.column for f in Dispute._meta.concrete_fields)


def load_disputes(grids: list[Node], count: int, seed: int, by: Any) -> int:
    """Bulk-load `count` disputes with their cases, COPY on PostgreSQL and executemany on SQLite
    (the registry's bulk writer), one transaction per batch; returns how many."""
    from jingwang.casework.models import Case as CaseRow
    from jingwang.disputes.models import Dispute, DisputeKind, IntakeSource, Risk, Status
    from jingwang.registry.imports.bulk import allocate_ids, insert_rows, model_row

    rng = random.Random(seed)
    now = timezone.now()
    kinds, sources, risks = DisputeKind.values, IntakeSource.values, Risk.values
    statuses = [Status.CLOSED] * 6 + [Status.RESOLVED, Status.REFERRED, Status.HANDLING, Status.REPORTED]
    done = 0
    while done < count:
        n = min(BATCH, count - done)
        with transaction.atomic():
            case_ids, dispute_ids = allocate_ids(CaseRow, n), allocate_ids(Dispute, n)
            cases, disputes = [], []
            for k in range(n):
                grid = grids[(done + k) % len(grids)]
                opened = now - timedelta(seconds=rng.randrange(2 * 365 * 86400))
                status = rng.choice(statuses)
                title = f"基准纠纷{done + k}"
                cases.append(model_row(CaseRow, {
                    "id": case_ids[k], "kind": "dispute", "number": f"JF-BENCH-{done + k:07d}", "title": title,
                    "state": status, "stage": status, "grid_id": grid.pk, "opened_at": opened,
                    "stage_started_at": opened, "red_at": opened + timedelta(days=7),
                    "closed_at": opened if status == Status.CLOSED else None,
                }))  # fmt: skip
                disputes.append(model_row(Dispute, {
                    "id": dispute_ids[k], "case_id": case_ids[k], "summary": "基准数据",
                    "source": rng.choice(sources), "kind": rng.choice(kinds), "risk": rng.choice(risks),
                    "grid_id": grid.pk, "community_id": grid.parent_id or grid.pk, "opened_at": opened,
                    "reported_by_id": by.pk, "status": status, "address_id": None,
                    "mediator_id": None, "resolved_at": None,
                }))  # fmt: skip
            insert_rows(CaseRow, cases)
            insert_rows(Dispute, disputes)
        done += n
    return done


def _user(username: str, role: str, node: Node) -> Any:
    from jingwang.accounts.models import User

    return User.objects.filter(username=username).first() or user_create(
        by=None, username=username, display_name=username, password=secrets.token_urlsafe(16), role=role, scopes=[node]
    )


def district_disputes(ctx: Any) -> tuple[list[Node], Any, Any]:
    """The district with its disputes (loaded once per run), its first police district's officer and
    the bureau's commander."""
    from jingwang.casework.models import Case as CaseRow
    from jingwang.disputes.models import Dispute

    grids = district_grids(ctx)
    officer = _user(
        OFFICER, "community_officer", Node.objects.get(kind=NodeKind.POLICE_DISTRICT, code=f"{COUNTY}001001")
    )
    commander = _user(COMMANDER, "bureau_commander", Node.objects.get(kind=NodeKind.BUREAU, code=COUNTY))
    size = ctx.size(FULL_DISPUTES, minimum=1000)
    present = Dispute.objects.filter(grid__in=[g.pk for g in grids]).count()
    if present < size:
        import time

        ctx.log(f"disputes: loading {size - present:,} disputes")
        start = time.perf_counter()
        load_disputes(grids, size - present, ctx.seed, officer)
        ctx.log(f"disputes: loaded in {time.perf_counter() - start:.1f} s")
        analyse(Dispute, CaseRow, Node)
    return grids, officer, commander


def ledger_first_page(viewer: Any) -> list[Any]:
    """What the API and the page run for the first page of the ledger, unfiltered."""
    from jingwang.disputes.filters import DisputeFilterSet
    from jingwang.disputes.selectors import dispute_list

    forget_grants(viewer)
    filters = DisputeFilterSet({}, queryset=dispute_list(viewer=viewer))
    return list(filters.qs[:PAGE])


def plan(viewer: Any) -> str:
    """The database's plan for the page's first step, its ids (to show the indexes are used)."""
    from jingwang.disputes.selectors import dispute_list

    return dispute_list(viewer=viewer).values_list("pk", flat=True)[:PAGE].explain()


class LedgerCase(Case):
    unit = "ms"
    repeats = 500
    quick_repeats = 150
    warmup = 20
    viewer_name = ""

    def setup(self) -> None:
        from jingwang.disputes.models import Dispute

        grids, officer, commander = district_disputes(self.ctx)
        self.viewer = officer if self.viewer_name == OFFICER else commander
        self.size = Dispute.objects.filter(grid__in=[g.pk for g in grids]).count()
        scoped = Dispute.objects.restrict(self.viewer, "view")
        self.scope_grids = sorted(set(scoped.order_by().values_list("grid_id", flat=True)))
        self.marks = ", ".join(["%s"] * len(self.scope_grids))
        self.scoped = scoped.count()
        page = [d.pk for d in ledger_first_page(self.viewer)]
        if page != [row[0] for row in self.page_sql()]:
            raise AssertionError("ORM and SQL pages differ")
        self.target = Target("p95", 0.100, at_most=True, label="p95 ≤ 100 ms")
        self.notes.append(f"{self.size:,} disputes; the viewer sees {self.scoped:,} in {len(self.scope_grids)} grids")
        the_plan = " | ".join(line.strip() for line in plan(self.viewer).splitlines())
        self.notes.append(f"plan of the page's ids: {the_plan[:600]}")

    def page_sql(self) -> list[tuple[Any, ...]]:
        from jingwang.disputes.models import Dispute

        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {_columns()} FROM {Dispute._meta.db_table} WHERE grid_id IN ({self.marks}) "
                f"ORDER BY opened_at DESC, id DESC LIMIT {PAGE}",
                self.scope_grids,
            )
            return cursor.fetchall()

    def measured(self, i: int) -> int:
        ledger_first_page(self.viewer)
        return 1

    def baseline(self, i: int) -> int:
        self.page_sql()
        return 1


@register("disputes", "the dispute ledger's first page for a community officer at 100k disputes (vs bare SQL)")
class OfficerLedgerCase(LedgerCase):
    viewer_name = OFFICER


@register("disputes.ledger_bureau", "the dispute ledger's first page for a bureau commander (all 100k disputes)")
class BureauLedgerCase(LedgerCase):
    viewer_name = COMMANDER
