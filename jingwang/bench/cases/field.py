"""The week's field figures for a bureau (issue 12): home visits and half-days in the community per
officer, computed from the records (visits and patrol check-ins), never from a clock-in.

One field officer per police district of the bench district (one per community, 100 at full
scale) plus one per grid (1,000): 1,100 officers, each with 15 visits and 40 patrol check-ins a
week over 8 weeks (about 480,000 records), bulk-loaded. Measured: `field_week` for the bureau
commander over the bureau, a different week each repeat (the scoped reads of both tables, the
officers in scope, the half-day sets). Baseline: the same counts in bare SQL (visits GROUP BY
officer, DISTINCT officer/local day/half over both tables' stored half-days), on the same
connection. Visits and check-ins go in through the models' `bulk_create`, which stores their
half-days.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from jingwang.bench.cases.registry import COUNTY, district_grids
from jingwang.bench.harness import Case, Target, register
from jingwang.territory.models import Node, NodeKind

WEEKS = 8
VISITS, CHECKINS = 15, 40
PREFIX = "bench_field_"
COMMANDER = "bench_field_commander"


def _monday(weeks_back: int) -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday() + 7 * weeks_back)


def load_records(ctx: Any) -> int:
    """Officers, one patrol per officer and week, and their visits and check-ins (once per run)."""
    from jingwang.accounts.models import RoleAssignment, User
    from jingwang.patrols.models import CheckIn, Patrol
    from jingwang.visits.models import Visit

    if User.objects.filter(username__startswith=PREFIX + "o").exists():
        return Visit.objects.filter(officer__username__startswith=PREFIX).count() + CheckIn.objects.count()
    grids = district_grids(ctx)
    rng = random.Random(ctx.seed)
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(username=f"{PREFIX}o{i:05d}", display_name=f"民警{i:05d}", password="!") for i in range(len(grids))]
        )
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=u, role="community_officer", node=g) for u, g in zip(users, grids, strict=True)]
        )
    total = 0
    for week in range(WEEKS):
        monday = datetime.combine(_monday(week), time(8), tzinfo=tz)
        with transaction.atomic():
            patrols = Patrol.objects.bulk_create(
                [
                    Patrol(title=f"巡逻{week}-{g.pk}", area=g, status="done", planned_start=monday, created_by=u)
                    for u, g in zip(users, grids, strict=True)
                ]
            )
            visits, checkins = [], []
            for u, g, p in zip(users, grids, patrols, strict=True):
                for _ in range(VISITS):
                    at = monday + timedelta(days=rng.randrange(5), hours=rng.randrange(10))
                    visits.append(Visit(officer=u, visited_at=at, grid=g, purpose="routine"))
                for _ in range(CHECKINS):
                    at = monday + timedelta(days=rng.randrange(7), hours=rng.randrange(12))
                    checkins.append(CheckIn(patrol=p, by=u, at=at, seen="正常"))
            Visit.objects.bulk_create(visits, batch_size=5000)
            CheckIn.objects.bulk_create(checkins, batch_size=5000)
            total += len(visits) + len(checkins)
        ctx.log(f"field: week {week} loaded ({total:,} records)")
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(
                f"VACUUM ANALYZE {Visit._meta.db_table}, {CheckIn._meta.db_table}"
                if connection.vendor == "postgresql"
                else "ANALYZE"
            )
    return total


@register("field.week", "a bureau's week of field figures per officer from visits and check-ins (vs bare SQL)")
class FieldWeekCase(Case):
    unit = "ms"
    repeats = 16
    quick_repeats = 4

    def setup(self) -> None:
        from jingwang.accounts.models import User
        from jingwang.accounts.services import user_create

        self.size = load_records(self.ctx)
        self.bureau = Node.objects.get(kind=NodeKind.BUREAU, code=COUNTY)
        self.commander = User.objects.filter(username=COMMANDER).first() or user_create(
            by=None, username=COMMANDER, display_name=COMMANDER, password=secrets.token_urlsafe(16),
            role="bureau_commander", scopes=[self.bureau],
        )  # fmt: skip
        self.target = Target("p95", 1.0, at_most=True, label="p95 ≤ 1 s")
        self.notes.append(f"{self.size:,} visits and check-ins over {WEEKS} weeks; one week per call")

    def measured(self, i: int) -> int:
        from jingwang.core.access import forget_grants
        from jingwang.visits.selectors import field_week

        forget_grants(self.commander)
        rows = field_week(viewer=self.commander, monday=_monday(i % WEEKS))
        if not any(r.half_days for r in rows):
            raise AssertionError("no half-days counted")
        return 1

    def baseline(self, i: int) -> int:
        from jingwang.patrols.models import CheckIn
        from jingwang.visits.models import Visit

        monday = _monday(i % WEEKS)
        low, high = monday, monday + timedelta(days=7)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT officer_id, COUNT(*) FROM {Visit._meta.db_table} "
                "WHERE local_day >= %s AND local_day < %s GROUP BY officer_id",
                [low, high],
            )
            cursor.fetchall()
            halves: set[tuple[Any, ...]] = set()
            for table, who in ((Visit._meta.db_table, "officer_id"), (CheckIn._meta.db_table, "by_id")):
                cursor.execute(
                    f"SELECT DISTINCT {who}, local_day, afternoon FROM {table} "
                    "WHERE local_day >= %s AND local_day < %s",
                    [low, high],
                )
                halves.update(cursor.fetchall())
        return 1
