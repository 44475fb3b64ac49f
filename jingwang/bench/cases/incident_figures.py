"""A bureau's incident figures over 1,000,000 incidents (issue 17).

1,000,000 incidents (18 months, the seeded code table's categories) are bulk-loaded over the
registry cases' generated district (1,000 grids under one bureau). Measured: the figures page's
whole computation for the bureau commander over the bureau, for one calendar month (a different
month each repeat): counts by category for the month, the same month a year earlier (同比) and the
previous period of equal length (环比), preventable cases per 10,000 residents, the communities
with zero incidents and the grids with most (`incident_figures`, scoped by the commander's
grants). Baseline: the same counts in bare SQL (three GROUP BY category over the bureau's grids
and the period, one GROUP BY grid, one count of residents), on the same connection.
"""

from __future__ import annotations

import random
import secrets
import time
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from jingwang.bench.cases.registry import COUNTY, district_grids
from jingwang.bench.harness import Case, Target, register
from jingwang.territory.models import Node, NodeKind

FULL = 1_000_000
MONTHS = 18
BATCH = 10_000
COMMANDER = "bench_incident_commander"


def _months_back(today: date, n: int) -> tuple[date, date]:
    """The calendar month `n` months before the current one (first and last day)."""
    first = today.replace(day=1)
    for _ in range(n):
        first = (first - timedelta(days=1)).replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def load_incidents(ctx: Any) -> int:
    """The bench incidents (once per run), spread evenly over 18 months and the district's grids."""
    from jingwang.incidents.models import Incident, IncidentCategory, IncidentTally
    from jingwang.incidents.tallies import rebuild_tallies

    grids = district_grids(ctx)
    size = ctx.size(FULL, minimum=5000)
    present = Incident.objects.filter(number__startswith="BI-").count()
    if present >= size:
        return size
    categories = list(IncidentCategory.objects.filter(parent__isnull=False).values_list("id", flat=True))
    grid_ids = [g.pk for g in grids]
    rng = random.Random(ctx.seed)
    now = timezone.now()
    span = int(timedelta(days=31 * MONTHS).total_seconds())
    fields = [f for f in Incident._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {Incident._meta.db_table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    adapt = connection.ops.adapt_datetimefield_value
    fixed = {f.attname: f.get_default() for f in fields}
    fixed.update(source="import", outcome="other", created_at=adapt(now))
    ctx.log(f"incident figures: loading {size - present:,} incidents")
    start = time.perf_counter()
    done = present
    while done < size:
        n = min(BATCH, size - done)
        rows = []
        for i in range(done, done + n):
            values = {
                **fixed,
                "number": f"BI-{i:08d}",
                "occurred_at": adapt(now - timedelta(seconds=rng.randrange(span))),
                "grid_id": grid_ids[rng.randrange(len(grid_ids))],
                "category_id": rng.choice(categories),
            }
            rows.append(tuple(values[f.attname] for f in fields))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        done += n
    ctx.log(f"incident figures: loaded in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    ctx.log(f"incident figures: tally rebuilt ({rebuild_tallies():,} rows) in {time.perf_counter() - start:.1f} s")
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(
                f"VACUUM ANALYZE {Incident._meta.db_table}, {IncidentTally._meta.db_table}"
                if connection.vendor == "postgresql"
                else "ANALYZE"
            )
    return size


@register("incidents.figures", "a bureau's incident figures over 1M incidents, one month (vs bare SQL counts)")
class IncidentFiguresCase(Case):
    unit = "ms"
    repeats = 24
    quick_repeats = 6

    def setup(self) -> None:
        from jingwang.accounts.models import User
        from jingwang.accounts.services import user_create

        self.size = load_incidents(self.ctx)
        self.bureau = Node.objects.get(kind=NodeKind.BUREAU, code=COUNTY)
        self.commander = User.objects.filter(username=COMMANDER).first() or user_create(
            by=None, username=COMMANDER, display_name=COMMANDER, password=secrets.token_urlsafe(16),
            role="bureau_commander", scopes=[self.bureau],
        )  # fmt: skip
        self.today = timezone.localdate()
        self.target = Target("p95", 0.300, at_most=True, label="p95 ≤ 300 ms")
        self.notes.append(f"{self.size:,} incidents over {MONTHS} months and 1,000 grids; one month per call")
        from jingwang.incidents.models import IncidentTally

        _rows, grids = self._scoped()
        month = self._period(0).start
        plan = IncidentTally.objects.filter(month=month, grid_id__in=grids).values("category_id")
        self.notes.append(
            "tally plan: "
            + " | ".join(x.strip() for x in plan.annotate(s=Sum("n")).order_by().explain().splitlines())[:300]
        )

    def _scoped(self) -> Any:
        from jingwang.incidents.followups.figures import scoped_incidents

        return scoped_incidents(self.commander, self.bureau)

    def _period(self, i: int) -> Any:
        from jingwang.incidents.followups.figures import Period

        first, last = _months_back(self.today, 1 + i % 5)
        return Period(first, last)

    def measured(self, i: int) -> int:
        from jingwang.core.access import forget_grants
        from jingwang.incidents.followups.figures import incident_figures

        forget_grants(self.commander)  # a request's grants are loaded afresh
        figures = incident_figures(viewer=self.commander, node=self.bureau, period=self._period(i))
        if figures["total"] <= 0:
            raise AssertionError("no incidents counted")
        return 1

    def baseline(self, i: int) -> int:
        from jingwang.incidents.models import Incident
        from jingwang.registry.models import Person

        period = self._period(i)
        tz = timezone.get_current_timezone()
        table, nodes = Incident._meta.db_table, Node._meta.db_table
        grids = f"SELECT id FROM {nodes} WHERE kind = 'grid' AND police_path LIKE %s"
        like = self.bureau.path + "%"
        adapt = connection.ops.adapt_datetimefield_value
        bases = (period, period.last_year(), period.previous())
        bounds = [
            (adapt(datetime.combine(p.start, datetime.min.time(), tzinfo=tz)),
             adapt(datetime.combine(p.end + timedelta(days=1), datetime.min.time(), tzinfo=tz)))
            for p in bases
        ]  # fmt: skip
        with connection.cursor() as cursor:
            for low, high in bounds:
                cursor.execute(
                    f"SELECT category_id, COUNT(*) FROM {table} WHERE grid_id IN ({grids}) "
                    "AND occurred_at >= %s AND occurred_at < %s GROUP BY category_id",
                    [like, low, high],
                )
                cursor.fetchall()
            cursor.execute(
                f"SELECT grid_id, COUNT(*) FROM {table} WHERE grid_id IN ({grids}) "
                "AND occurred_at >= %s AND occurred_at < %s GROUP BY grid_id",
                [like, *bounds[0]],
            )
            cursor.fetchall()
            cursor.execute(
                f"SELECT COUNT(*) FROM {Person._meta.db_table} WHERE is_active AND grid_id IN ({grids})", [like]
            )
            cursor.fetchall()
        return 1
