"""The deadline sweep: cases crossing yellow, red and the bureau deadline, each exactly once.

Each crossing is one conditional `UPDATE … RETURNING id` whose WHERE clause repeats the state it
leaves (e.g. `warning < 1`): only the worker whose UPDATE changed a row gets its id back, and only
that worker writes the timeline entry, the audit and the notifications, in the same transaction.
A second worker running at the same moment either skips rows the first holds (PostgreSQL, FOR
UPDATE SKIP LOCKED in the batch sub-select), or waits for its commit (SQLite's single writer, or a
PostgreSQL row lock) and then no longer matches the WHERE clause. Notification dedupe keys make
the notifications idempotent as well.

The sweep reads only rows whose `next_due_at` has passed (a partial index), in batches. Each
case's warning is on its own timeline; notifications are gathered per recipient and batch (one
case: about that case; several: one digest), so a sweep after an outage sends a leader one text
message, not hundreds.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jingwang.audit.services import audit_record
from jingwang.casework.models import Case, CaseEvent, Department, Escalation, EventKind
from jingwang.casework.services import case_url, next_due

BATCH = 2000


@dataclass(frozen=True)
class Step:
    name: str
    set_sql: str
    where_sql: str  # %(now)s marks the current time


STEPS = [
    Step(
        "red_station",
        "warning = 2, escalation = 1, next_due_at = bureau_at",
        "warning < 2 AND escalation = 0 AND red_at <= %(now)s",
    ),
    Step(
        "red",
        "warning = 2, next_due_at = CASE WHEN escalation < 2 THEN bureau_at ELSE NULL END",
        "warning < 2 AND escalation >= 1 AND red_at <= %(now)s",
    ),
    Step(
        "bureau",
        "escalation = 2, next_due_at = NULL",
        "warning = 2 AND escalation = 1 AND bureau_at <= %(now)s",
    ),
    Step(
        "yellow",
        "warning = 1, next_due_at = red_at",
        "warning < 1 AND yellow_at <= %(now)s AND (red_at IS NULL OR red_at > %(now)s)",
    ),
]


@dataclass
class SweepResult:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def yellow(self) -> int:
        return self.counts["yellow"]

    @property
    def red(self) -> int:
        return self.counts["red"] + self.counts["red_station"]

    @property
    def station(self) -> int:
        return self.counts["red_station"]

    @property
    def bureau(self) -> int:
        return self.counts["bureau"]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _sql(step: Step, batch: int) -> str:
    table = Case._meta.db_table
    due = f"next_due_at <= %(now)s AND closed_at IS NULL AND {step.where_sql}"
    if connection.vendor == "postgresql":
        # The batch is chosen once, in a CTE: an IN (… LIMIT … SKIP LOCKED) sub-select may be run
        # again by the planner and then take more rows than the batch.
        return (
            f"WITH batch AS (SELECT id FROM {table} WHERE {due} ORDER BY next_due_at LIMIT {int(batch)} "
            f"FOR UPDATE SKIP LOCKED) UPDATE {table} SET {step.set_sql} FROM batch "
            f"WHERE {table}.id = batch.id AND {due} RETURNING {table}.id"
        )
    return (
        f"UPDATE {table} SET {step.set_sql} WHERE id IN "
        f"(SELECT id FROM {table} WHERE {due} ORDER BY next_due_at LIMIT {int(batch)}) "
        f"AND {due} RETURNING id"
    )


def sweep(now: datetime | None = None, *, batch: int = BATCH, reuse_leaders: bool = False) -> SweepResult:
    """Act on every deadline passed by `now` (default: the clock). Safe to run in any number of
    workers at once: each crossing happens, and is announced, once. The worker passes
    `reuse_leaders` to keep the leaders over each grid for LEADERS_TTL between sweeps."""
    now = now or timezone.now()
    result = SweepResult()
    ctx = _Context(reuse_leaders)
    for step in STEPS:
        while True:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(_sql(step, batch), {"now": connection.ops.adapt_datetimefield_value(now)})
                    ids = [row[0] for row in cursor.fetchall()]
                if ids:
                    _announce(step.name, ids, now, ctx)
            result.counts[step.name] += len(ids)
            if len(ids) < batch:
                break
    _repair(now)
    return result


def _repair(now: datetime) -> None:
    """Rows due that no step matched (closed with a stale deadline, or missing a deadline):
    set their next deadline from their fields so the sweep does not read them again."""
    with transaction.atomic():
        stale = list(Case.objects.filter(next_due_at__lte=now).select_for_update()[:BATCH])
        for case in stale:
            due = next_due(case)
            case.next_due_at = due if due is not None and due > now else None
        Case.objects.bulk_update(stale, ["next_due_at"])


# Leaders over a grid, kept for a few minutes in a long-running worker: looking them up is a few
# queries per grid, and a minute's sweep meets the same grids again. A role change reaches the
# warnings within LEADERS_TTL.
LEADERS_TTL = 300.0
_LEADERS: dict[tuple[int, str], tuple[float, list[Any]]] = {}


class _Context:
    """Look-ups repeated across a sweep's batches (and, in the worker, across sweeps)."""

    def __init__(self, reuse: bool) -> None:
        self.cache = _LEADERS if reuse else {}
        self.grids: dict[int, Any] = {}

    def want_grids(self, grid_ids: set[int], roles: tuple[str, ...]) -> None:
        """Load the grids whose leaders are not cached yet (without their polygons)."""
        now = time.monotonic()
        missing = {
            g
            for g in grid_ids
            for r in roles
            if g not in self.grids and ((g, r) not in self.cache or now - self.cache[(g, r)][0] > LEADERS_TTL)
        }
        if missing:
            from jingwang.territory.models import Node

            self.grids.update(Node.objects.defer("boundary").in_bulk(sorted(missing)))

    def leaders_over(self, grid_id: int, role: str) -> list[Any]:
        key, now = (grid_id, role), time.monotonic()
        cached = self.cache.get(key)
        if cached is None or now - cached[0] > LEADERS_TTL:
            from jingwang.notifications.services import leaders_over

            grid = self.grids.get(grid_id)
            if grid is None:
                from jingwang.territory.models import Node

                grid = self.grids[grid_id] = Node.objects.defer("boundary").get(pk=grid_id)
            cached = (now, list(leaders_over(grid, role)))
            self.cache[key] = cached
        return cached[1]


def forget_leaders() -> None:
    """Drop the cached leaders (tests that change roles between sweeps)."""
    _LEADERS.clear()


TITLES = {
    "yellow": _("Yellow warning"),
    "red": _("Red warning"),
    "red_station": _("Red warning"),
    "bureau": _("Escalated to the bureau"),
}


@dataclass(frozen=True)
class _Row:
    """What the announcements need of one case (read as plain values: no model per row)."""

    id: int
    kind: str
    number: str
    title: str
    state: str
    grid_id: int
    assignee_id: int | None
    leader_id: int | None
    handler_user_id: int | None
    handler_department_id: int | None
    stage_started_at: datetime
    yellow_at: datetime | None
    red_at: datetime | None
    bureau_at: datetime | None

    def as_case(self) -> Case:
        return Case(pk=self.id, kind=self.kind, number=self.number, title=self.title, state=self.state)


ROW_FIELDS = [f.name for f in _Row.__dataclass_fields__.values()]


class _Mailbag:
    """Notifications of one batch, gathered per recipient and kind: a recipient with one case gets
    a notification about that case; one with several gets a single digest (one inbox entry, one
    text message) listing them, so that a leader is not sent hundreds of messages at once."""

    def __init__(self, users: dict[int, Any]) -> None:
        self.users = users
        self.cases: dict[tuple[int, str], list[tuple[_Row, str]]] = defaultdict(list)
        self.seen: set[tuple[int, str, int]] = set()
        self.sms: dict[str, bool] = {}

    def add(self, people: list[Any], kind: str, row: _Row, stamp: str, *, sms: bool) -> None:
        """`people`: users, or user ids of `self.users`; inactive or unknown ones are skipped."""
        self.sms[kind] = sms
        for person in people:
            user = self.users.get(person) if isinstance(person, int) else person
            if user is None or not user.is_active:
                continue
            self.users[user.pk] = user
            if (user.pk, kind, row.id) not in self.seen:
                self.seen.add((user.pk, kind, row.id))
                self.cases[(user.pk, kind)].append((row, stamp))

    def send(self, step: str) -> None:
        from jingwang.notifications.services import notify

        for (user_pk, kind), entries in self.cases.items():
            title_word = ESCALATED_STATION if kind == "casework.escalated" and step == "red_station" else TITLES[step]
            if len(entries) == 1:
                row, stamp = entries[0]
                case = row.as_case()
                notify(
                    [self.users[user_pk]],
                    kind=kind,
                    title=format_lazy("{} · {}", title_word, row.number),
                    body=row.title,
                    link=case_url(case),
                    subject=case,
                    dedupe_key=f"casework:{stamp}:{kind}",
                    sms=self.sms[kind],
                )
                continue
            digest = hashlib.sha256(",".join(stamp for _, stamp in entries).encode()).hexdigest()[:24]
            listed = [f"{r.number} {r.title}" for r, _ in entries[:DIGEST_LISTED]]
            more = len(entries) - len(listed)
            body = "; ".join(listed) + (f" … (+{more})" if more > 0 else "")
            notify(
                [self.users[user_pk]],
                kind=kind,
                title=format_lazy(DIGEST_TITLE, title=title_word, count=len(entries)),
                body=body,
                link=f"{reverse('casework:list')}?show=overdue",
                dedupe_key=f"casework:digest:{kind}:{digest}",
                sms=self.sms[kind],
            )


DIGEST_LISTED = 50
DIGEST_TITLE = _("{title} · {count} cases")
ESCALATED_STATION = _("Escalated to the station")


def _announce(step: str, ids: list[int], now: datetime, ctx: _Context) -> None:
    """Timeline, notifications and audit for the cases this worker's UPDATE moved."""
    from jingwang.accounts.models import User

    rows = [_Row(*values) for values in Case.objects.filter(pk__in=ids).values_list(*ROW_FIELDS)]
    dept_ids = {r.handler_department_id for r in rows if r.handler_department_id}
    members: dict[int, list[int]] = defaultdict(list)
    if dept_ids:
        through = Department.members.through.objects.filter(department_id__in=dept_ids)
        for dept_id, user_id in through.values_list("department_id", "user_id"):
            members[dept_id].append(user_id)
    user_ids = {u for r in rows for u in (r.assignee_id, r.leader_id, r.handler_user_id) if u}
    user_ids.update(u for people in members.values() for u in people)
    users = User.objects.filter(is_active=True).in_bulk(sorted(user_ids)) if user_ids else {}
    roles = {"yellow": ("station_leader",), "red_station": ("station_leader",), "bureau": ("bureau_commander",)}
    ctx.want_grids({r.grid_id for r in rows if not (step == "yellow" and r.leader_id)}, roles.get(step, ()))
    events: list[tuple[Any, ...]] = []
    bag = _Mailbag(dict(users))
    for row in rows:
        workers: list[Any] = [row.assignee_id, row.handler_user_id, *members.get(row.handler_department_id or 0, [])]
        at = {"yellow": row.yellow_at, "bureau": row.bureau_at}.get(step, row.red_at)
        stamp = f"{row.id}:{int(row.stage_started_at.timestamp())}:{int(at.timestamp()) if at else 0}"
        if step == "yellow":
            events.append(_event(row, EventKind.YELLOW, now, due=at))
            leaders = [row.leader_id] if row.leader_id else ctx.leaders_over(row.grid_id, "station_leader")
            bag.add([*workers, *leaders], "casework.yellow", row, stamp, sms=False)
        elif step in ("red", "red_station"):
            events.append(_event(row, EventKind.RED, now, due=at))
            bag.add([*workers, row.leader_id], "casework.red", row, stamp, sms=True)
            if step == "red_station":
                events.append(_event(row, EventKind.ESCALATED, now, level=int(Escalation.STATION)))
                bag.add(ctx.leaders_over(row.grid_id, "station_leader"), "casework.escalated", row, stamp, sms=True)
        else:
            events.append(_event(row, EventKind.ESCALATED, now, level=int(Escalation.BUREAU)))
            people = [*ctx.leaders_over(row.grid_id, "bureau_commander"), row.leader_id]
            bag.add(people, "casework.escalated", row, stamp, sms=True)
    _insert_events(events, now)
    bag.send(step)
    audit_record(
        action=f"casework.sweep.{step}",
        actor=None,
        actor_username="worker",
        object_type="casework.case",
        result_count=len(ids),
        details={"ids": ids[:50]},
    )


def _event(row: _Row, kind: str, now: datetime, **data: Any) -> tuple[Any, ...]:
    clean = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in data.items()}
    return (row.id, kind, row.state, json.dumps(clean, ensure_ascii=False))


def _insert_events(events: list[tuple[Any, ...]], now: datetime) -> None:
    """The timeline entries of a batch in one statement (a batch is up to thousands of rows;
    building a model per row costs more than the rest of the sweep)."""
    if not events:
        return
    table = CaseEvent._meta.db_table
    data = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (case_id, at, actor_id, kind, from_state, to_state, note, data) "
            f"VALUES (%s, %s, NULL, %s, %s, %s, '', {data})",
            [(case_id, at, kind, state, state, payload) for case_id, kind, state, payload in events],
        )
