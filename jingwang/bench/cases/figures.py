"""A bureau's dashboard and the nightly roll-up over 1,000,000 residents and 100,000 disputes (issue 15).

The registry cases' generated district (1,000 grids under one bureau) with its 1,000,000 residents
and the disputes cases' 100,000 disputes (with their cases, opened over two years) are loaded once.

- `figures.dashboard`: the whole dashboard computation for the bureau commander over the bureau
  (`figures.selectors.board`): every declared figure the commander may see for one month, the
  previous month (环比) and the same month last year (同比), the stations one level down, the
  categories and the 13-month trend of the chosen figure (disputes reported), a different month
  each repeat. Baseline: bare SQL counting the raw disputes of the bureau's grids by kind for the
  same three months (three GROUP BY), same connection.
- `figures.nightly`: the nightly job (`engine.refresh_recent`: every declared figure recomputed
  for the last 400 days from the raw rows, then rolled up both trees per month). Baseline: bare SQL
  grouping the raw disputes and residents by grid and day over the same 400 days.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.db import connection
from django.utils import timezone

from jingwang.bench.cases.disputes import district_disputes
from jingwang.bench.cases.registry import COUNTY, district_people
from jingwang.bench.harness import Case, Target, register
from jingwang.territory.models import Node, NodeKind

COMMANDER = "bench_figures_commander"


def _commander(bureau: Node) -> Any:
    from jingwang.accounts.models import User
    from jingwang.accounts.services import user_create

    return User.objects.filter(username=COMMANDER).first() or user_create(
        by=None, username=COMMANDER, display_name=COMMANDER, password=secrets.token_urlsafe(16),
        role="bureau_commander", scopes=[bureau],
    )  # fmt: skip


def _loaded(ctx: Any) -> tuple[list[Node], Node]:
    grids, _officer = district_people(ctx)
    district_disputes(ctx)
    return grids, Node.objects.get(kind=NodeKind.BUREAU, code=COUNTY)


def _grid_sql(grids: list[Node]) -> str:
    return ",".join(str(g.pk) for g in grids)


@register("figures.dashboard", "a bureau's dashboard over 1M residents and 100k disputes, one month (vs bare SQL)")
class DashboardCase(Case):
    unit = "ms"
    repeats = 24
    quick_repeats = 6

    def setup(self) -> None:
        from jingwang.figures import engine

        self.grids, self.bureau = _loaded(self.ctx)
        self.commander = _commander(self.bureau)
        import time

        start = time.perf_counter()
        rows = engine.refresh_recent()
        self.notes.append(
            f"tables filled by the nightly refresh: {rows:,} daily rows in {time.perf_counter() - start:.1f} s"
        )
        self.target = Target("p95", 0.300, at_most=True, label="p95 ≤ 300 ms")
        self.ids = _grid_sql(self.grids)

    def _period(self, i: int) -> Any:
        from jingwang.figures.engine import Period, add_months, last_complete_month

        return Period(add_months(last_complete_month(), -(i % 6)))

    def measured(self, i: int) -> int:
        from jingwang.core.access import forget_grants
        from jingwang.figures.selectors import board

        forget_grants(self.commander)
        data = board(self.commander, self.bureau, self._period(i), "disputes.reported")
        if not data["rows"] or not any(r.current for r in data["rows"]):
            raise AssertionError("no figure counted")
        return 1

    def baseline(self, i: int) -> int:
        from jingwang.disputes.models import Dispute

        p = self._period(i)
        table = Dispute._meta.db_table
        with connection.cursor() as cursor:
            for q in (p, p.previous(), p.last_year()):
                cursor.execute(
                    f"SELECT kind, COUNT(*) FROM {table} WHERE grid_id IN ({self.ids}) "
                    "AND opened_at >= %s AND opened_at < %s GROUP BY kind",
                    [q.start, q.end + timedelta(days=1)],
                )
                cursor.fetchall()
        return 1


@register("figures.nightly", "the nightly roll-up of every figure over 400 days (vs bare SQL GROUP BY grid, day)")
class NightlyCase(Case):
    unit = "s"
    repeats = 3
    quick_repeats = 1
    warmup = 0

    def setup(self) -> None:
        self.grids, self.bureau = _loaded(self.ctx)
        self.target = Target("seconds", 60.0, at_most=True, label="≤ 60 s")
        self.ids = _grid_sql(self.grids)

    def measured(self, i: int) -> int:
        from jingwang.figures import engine

        engine.refresh_recent()
        return 1

    def baseline(self, i: int) -> int:
        from jingwang.disputes.models import Dispute
        from jingwang.registry.models import Person

        since = timezone.now() - timedelta(days=400)
        with connection.cursor() as cursor:
            for model, field in ((Dispute, "opened_at"), (Person, "created_at")):
                day = f"DATE({field})" if connection.vendor == "sqlite" else f"({field})::date"
                cursor.execute(
                    f"SELECT grid_id, {day}, COUNT(*) FROM {model._meta.db_table} WHERE {field} >= %s "
                    f"GROUP BY grid_id, {day}",
                    [since],
                )
                cursor.fetchall()
        return 1
