"""The deadline sweep over 100,000 open cases.

100,000 open cases (a shared-table case type of their own, `benchcase`) are bulk-loaded into the
registry cases' generated district, spread over its grids, each assigned to a community officer,
with a station leader over every grid. Their yellow deadlines are spread so that at the sweep's
moment a chosen share of them has passed:

- `casework`: 1% (1,000 cases) cross yellow: a minute's sweep in a busy city (a case crosses about
  three deadlines per stage of two to three days, so 100k open cases give about 100 crossings a
  minute; 1,000 is ten minutes' worth, e.g. after a worker restart).
- `casework.storm`: 10% (10,000 cases) cross at once (e.g. a worker down for hours).

Measured: `sweep(now)` — the conditional UPDATE … RETURNING per batch, the timeline entries, the
audit event per batch and a notification to the assignee and to the station leader for each case
(through notifications.notify, with dedupe keys; one digest per recipient and batch when several
cases cross together), each batch one transaction. Leaders over each grid are looked up once and
kept for five minutes, as in the worker (the warm-up sweep fills them). The 99,000 (90,000)
cases not yet due are never read: the partial index on next_due_at. Baseline: the bare SQL UPDATE
of the same rows (same WHERE, one statement, one transaction). Before each call (untimed) the
crossed cases are set back and what the last sweep wrote is removed.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta
from typing import Any, ClassVar

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.bench.cases.registry import COUNTY, district_grids
from jingwang.bench.harness import Case, Target, register
from jingwang.territory.models import Node, NodeKind

FULL_OPEN = 100_000
BATCH = 5_000
KIND = "benchcase"
OFFICER = "bench_case_officer"
LEADER = "bench_case_leader"


def _declare() -> None:
    from jingwang.casework.workflow import CaseType, Transition
    from jingwang.casework.workflow import register as declare

    declare(
        CaseType(
            code=KIND,
            prefix="BC",
            label=_("Benchmark case"),
            states={"open": _("Open"), "closed": _("Closed")},
            initial="open",
            closed_states={"closed"},
            transitions=[Transition("close", _("Close"), sources={"open"}, target="closed")],
        )
    )


def _user(username: str, role: str, node: Node) -> Any:
    from jingwang.accounts.models import User
    from jingwang.accounts.services import user_create

    return User.objects.filter(username=username).first() or user_create(
        by=None, username=username, display_name=username, password=secrets.token_urlsafe(16), role=role, scopes=[node]
    )


def load_cases(ctx: Any) -> tuple[int, Any]:
    """The open cases (once per run): yellow deadlines spread evenly over the 1,000 minutes
    before T0 + 1,000 minutes, so that at T0 + k minutes, k‰ of them are due."""
    from jingwang.casework.models import Case as CaseRow

    grids = district_grids(ctx)
    officer = _user(OFFICER, "community_officer", Node.objects.get(kind=NodeKind.COUNTY, code=COUNTY))
    for station in Node.objects.filter(kind=NodeKind.STATION, code__startswith=COUNTY):
        _user(f"{LEADER}_{station.code}", "station_leader", station)
    size = ctx.size(FULL_OPEN, minimum=2000)
    present = CaseRow.objects.filter(kind=KIND).count()
    t0 = timezone.now().replace(microsecond=0) + timedelta(days=30)
    if present < size:
        ctx.log(f"casework: loading {size - present:,} open cases")
        start = time.perf_counter()
        done = present
        while done < size:
            n = min(BATCH, size - done)
            with transaction.atomic():
                rows = []
                for i in range(done, done + n):
                    yellow = t0 + timedelta(minutes=1000 * (i + 0.5) / size)
                    opened = yellow - timedelta(hours=48)
                    rows.append(
                        CaseRow(kind=KIND, number=f"BC-BENCH-{i:07d}", title=f"基准案件{i}", state="open",
                                stage="open", grid=grids[i % len(grids)], assignee=officer, opened_at=opened,
                                stage_started_at=opened, yellow_at=yellow, red_at=yellow + timedelta(hours=24),
                                bureau_at=yellow + timedelta(hours=48), next_due_at=yellow)
                    )  # fmt: skip
                CaseRow.objects.bulk_create(rows)
            done += n
        ctx.log(f"casework: loaded in {time.perf_counter() - start:.1f} s")
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(f"VACUUM ANALYZE {CaseRow._meta.db_table}")
                else:
                    cursor.execute("ANALYZE")
    first = CaseRow.objects.filter(kind=KIND).order_by("yellow_at").values_list("yellow_at", flat=True).first()
    return size, first


class SweepCase(Case):
    unit = "s"
    repeats = 7
    quick_repeats = 3
    warmup = 1
    share: ClassVar[float] = 0.01

    def setup(self) -> None:
        from jingwang.casework.models import Case as CaseRow

        _declare()
        self.size, first = load_cases(self.ctx)
        # At `now`, the first `share` of the cases (by yellow deadline) are due.
        if self.share < 1:
            self.now = first + timedelta(minutes=1000 * self.share) - timedelta(seconds=1)
        else:
            self.now = first + timedelta(minutes=1001)  # every yellow passed, no red yet
        self.due = CaseRow.objects.filter(kind=KIND, yellow_at__lte=self.now).count()
        self.table = CaseRow._meta.db_table
        self.target = Target("seconds", 5.0, at_most=True, label="sweep ≤ 5 s")
        self.notes.append(
            f"{self.size:,} open cases, {self.due:,} crossing yellow per sweep; assignee + station leader notified"
        )
        plan = CaseRow.objects.filter(next_due_at__lte=self.now, closed_at__isnull=True).order_by("next_due_at")
        self.notes.append("plan: " + " | ".join(x.strip() for x in plan[:2000].explain().splitlines())[:300])

    def prepare(self, i: int, baseline: bool) -> None:
        from jingwang.casework.models import Case as CaseRow
        from jingwang.casework.models import CaseEvent
        from jingwang.notifications.models import Notification

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {self.table} SET warning = 0, escalation = 0, next_due_at = yellow_at "
                "WHERE kind = %s AND warning > 0",
                [KIND],
            )
            CaseEvent.objects.filter(case__kind=KIND).delete()
            Notification.objects.filter(dedupe_key__startswith="casework:", subject_type="casework.case").delete()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Every repeat starts from the same case table, as autovacuum keeps it between real
            # sweeps (else each repeat leaves the next 200,000 more dead row versions to step over).
            # Not the emptied timeline: its statistics would then say "empty" to the next reset.
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {CaseRow._meta.db_table}")

    def measured(self, i: int) -> int:
        from jingwang.casework.sweep import sweep

        result = sweep(self.now, reuse_leaders=True)  # as the worker runs it
        if result.yellow != self.due:
            raise AssertionError(f"sweep crossed {result.yellow}, expected {self.due}")
        return 1

    def baseline(self, i: int) -> int:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {self.table} SET warning = 1, next_due_at = red_at "
                "WHERE next_due_at <= %s AND closed_at IS NULL AND warning < 1 AND yellow_at <= %s",
                [connection.ops.adapt_datetimefield_value(self.now)] * 2,
            )
            if cursor.rowcount != self.due:
                raise AssertionError(f"baseline updated {cursor.rowcount}, expected {self.due}")
        return 1


@register("casework", "deadline sweep over 100k open cases, 1% crossing yellow (vs the bare SQL UPDATE)")
class SteadySweep(SweepCase):
    share = 0.01


@register("casework.storm", "deadline sweep over 100k open cases, 10% crossing yellow at once")
class StormSweep(SweepCase):
    share = 0.10


@register("casework.all", "deadline sweep in which all 100k open cases cross yellow at once (worst case)")
class AllDueSweep(SweepCase):
    share = 1.0
    repeats = 3
    quick_repeats = 2
