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
from operator import itemgetter
from typing import Any

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from jingwang.accounts.models import User
from jingwang.audit.services import audit_record
from jingwang.casework.deadlines import next_due
from jingwang.casework.models import Case, CaseEvent, Department, Escalation, EventKind
from jingwang.casework.services import case_url
from jingwang.notifications.services import notify

# Rows per batch (one transaction): large enough that the fixed cost of a batch (the digests, the
# audit event, the commit) is spread thin, small enough that a batch holds SQLite's write lock for
# well under a second.
BATCH = 5000


@dataclass(frozen=True)
class Step:
    name: str
    set_sql: str
    where_sql: str  # %(now)s marks the current time
    at: str  # the deadline crossed (its time goes into the notification's dedupe stamp)
    # The timeline entries each crossing writes: (EventKind, detail key, `at` or "=constant").
    events: tuple[tuple[str, str, str], ...]


STEPS = [
    Step(
        "red_station",
        "warning = 2, escalation = 1, next_due_at = bureau_at",
        "warning < 2 AND escalation = 0 AND red_at <= %(now)s",
        "red_at",
        ((EventKind.RED, "due", "red_at"), (EventKind.ESCALATED, "level", f"={int(Escalation.STATION)}")),
    ),
    Step(
        "red",
        "warning = 2, next_due_at = CASE WHEN escalation < 2 THEN bureau_at ELSE NULL END",
        "warning < 2 AND escalation >= 1 AND red_at <= %(now)s",
        "red_at",
        ((EventKind.RED, "due", "red_at"),),
    ),
    Step(
        "bureau",
        "escalation = 2, next_due_at = NULL",
        "warning = 2 AND escalation = 1 AND bureau_at <= %(now)s",
        "bureau_at",
        ((EventKind.ESCALATED, "level", f"={int(Escalation.BUREAU)}"),),
    ),
    Step(
        "yellow",
        "warning = 1, next_due_at = red_at",
        "warning < 1 AND yellow_at <= %(now)s AND (red_at IS NULL OR red_at > %(now)s)",
        "yellow_at",
        ((EventKind.YELLOW, "due", "yellow_at"),),
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


# What the announcements need of each case the UPDATE moved, returned by the UPDATE itself (no
# second read, no model per row, no datetime conversion in Python).
ROW = ("id", "kind", "number", "title", "state", "grid_id", "assignee_id", "leader_id", "handler_user_id",
       "handler_department_id")  # fmt: skip
ID, KIND, NUMBER, TITLE, STATE, GRID, ASSIGNEE, LEADER, HANDLER, DEPARTMENT, STAMP = range(11)


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _epoch(column: str) -> str:
    """Whole seconds since 1970 of a datetime column (Python's int(dt.timestamp()))."""
    if _postgres():
        return f"floor(extract(epoch FROM {column}))::bigint"
    return f"CAST(strftime('%%s', {column}) AS INTEGER)"


def _iso(column: str) -> str:
    """The column as Python's `datetime.isoformat()` of the UTC value writes it (what the timeline
    entries always held)."""
    if _postgres():
        utc = f"({column} AT TIME ZONE 'UTC')"
        return (
            f"to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || CASE WHEN extract(microseconds FROM {column})::bigint "
            f"%% 1000000 <> 0 THEN to_char({utc}, '.US') ELSE '' END || '+00:00'"
        )
    # SQLite holds 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC, i.e. str() of the naive UTC value.
    return f"replace({column}, ' ', 'T') || '+00:00'"


def _stamp(step: Step, alias: str) -> str:
    """`id:stage start:deadline crossed`, the notifications' dedupe stamp of one crossing."""
    start, at = _epoch(f"{alias}stage_started_at"), _epoch(f"{alias}{step.at}")
    if _postgres():
        return f"concat_ws(':', {alias}id, {start}, coalesce({at}, 0))"
    return f"{alias}id || ':' || {start} || ':' || coalesce({at}, 0)"


def _timeline_select(step: Step, source: str, where: str = "") -> str:
    """INSERT … SELECT of the step's timeline entries for the cases in `source` (alias c), every
    case's entries in the step's order (the timeline orders by time, then id)."""
    build = "jsonb_build_object" if _postgres() else "json_object"
    kinds = " UNION ALL ".join(f"SELECT {n} AS ord, '{kind}' AS kind" for n, (kind, _, _) in enumerate(step.events))
    details = " ".join(
        f"WHEN {n} THEN {build}('{key}', {value[1:] if value.startswith('=') else _iso('c.' + value)})"
        for n, (_, key, value) in enumerate(step.events)
    )
    return (
        f"INSERT INTO {CaseEvent._meta.db_table} (case_id, at, actor_id, kind, from_state, to_state, note, data) "
        f"SELECT c.id, %(now)s, NULL, e.kind, c.state, c.state, '', CASE e.ord {details} END "
        f"FROM {source} c CROSS JOIN ({kinds}) e {where} ORDER BY e.ord, c.id"
    )


def _statements(step: Step, batch: int) -> list[str]:
    """The SQL of one batch of a step: move the due cases (the WHERE clause repeats the state they
    leave, so a crossing happens once), write their timeline entries, return what the
    announcements need. PostgreSQL: one statement; SQLite: the UPDATE, then the INSERT … SELECT
    of the timeline entries of the ids it returned (`%(ids)s`, a JSON array)."""
    table = Case._meta.db_table
    due = f"next_due_at <= %(now)s AND closed_at IS NULL AND {step.where_sql}"
    if _postgres():
        moved = ", ".join(f"{table}.{c}" for c in ROW)
        # The batch is chosen once, in a CTE: an IN (… LIMIT … SKIP LOCKED) sub-select may be run
        # again by the planner and then take more rows than the batch.
        return [
            f"WITH batch AS (SELECT id FROM {table} WHERE {due} ORDER BY next_due_at LIMIT {int(batch)} "
            f"FOR UPDATE SKIP LOCKED), "
            f"moved AS (UPDATE {table} SET {step.set_sql} FROM batch WHERE {table}.id = batch.id AND {due} "
            f"RETURNING {moved}, {table}.{step.at}, {_stamp(step, table + '.')} AS stamp), "
            f"timeline AS ({_timeline_select(step, 'moved')}) "
            f"SELECT {', '.join(ROW)}, stamp FROM moved"
        ]
    return [
        f"UPDATE {table} SET {step.set_sql} WHERE id IN "
        f"(SELECT id FROM {table} WHERE {due} ORDER BY next_due_at LIMIT {int(batch)}) "
        f"AND {due} RETURNING {', '.join(ROW)}, {_stamp(step, '')}",
        _timeline_select(step, table, "WHERE c.id IN (SELECT value FROM json_each(%(ids)s))"),
    ]


def sweep(now: datetime | None = None, *, batch: int = BATCH, reuse_leaders: bool = False) -> SweepResult:
    """Act on every deadline passed by `now` (default: the clock). Safe to run in any number of
    workers at once: each crossing happens, and is announced, once. The worker passes
    `reuse_leaders` to keep the leaders over each grid for LEADERS_TTL between sweeps."""
    now = now or timezone.now()
    result = SweepResult()
    ctx = _Context(reuse_leaders)
    params: dict[str, Any] = {"now": connection.ops.adapt_datetimefield_value(now)}
    for step in STEPS:
        move, *timeline = _statements(step, batch)
        while True:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(move, params)
                    rows = cursor.fetchall()
                    if rows and timeline:
                        ids = json.dumps([row[ID] for row in rows])
                        cursor.execute(timeline[0], {**params, "ids": ids})
                if rows:
                    _announce(step.name, rows, ctx)
            result.counts[step.name] += len(rows)
            if len(rows) < batch:
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


class _Mailbag:
    """Notifications of one batch, gathered per recipient and kind: a recipient with one case gets
    a notification about that case; one with several gets a single digest (one inbox entry, one
    text message) listing them, so that a leader is not sent hundreds of messages at once."""

    def __init__(self, users: dict[int, Any]) -> None:
        self.users = users  # the active recipients, by id
        self.cases: dict[tuple[int, str], list[tuple[Any, ...]]] = defaultdict(list)

    def add(self, people: set[int | None], kind: str, row: tuple[Any, ...]) -> None:
        """`people`: user ids (a set: each person once per case); inactive or unknown ones skipped."""
        users, cases = self.users, self.cases
        for pk in people:
            if pk in users:
                cases[(pk, kind)].append(row)  # type: ignore[index]

    def send(self, step: str, sms: dict[str, bool]) -> None:

        for (user_pk, kind), rows in self.cases.items():
            title_word = ESCALATED_STATION if kind == "casework.escalated" and step == "red_station" else TITLES[step]
            if len(rows) == 1:
                row = rows[0]
                case = Case(pk=row[ID], kind=row[KIND], number=row[NUMBER], title=row[TITLE], state=row[STATE])
                notify(
                    [self.users[user_pk]],
                    kind=kind,
                    title=format_lazy("{} · {}", title_word, row[NUMBER]),
                    body=row[TITLE],
                    link=case_url(case),
                    subject=case,
                    dedupe_key=f"casework:{row[STAMP]}:{kind}",
                    sms=sms[kind],
                )
                continue
            digest = hashlib.sha256(",".join([r[STAMP] for r in rows]).encode()).hexdigest()[:24]
            listed = [f"{r[NUMBER]} {r[TITLE]}" for r in rows[:DIGEST_LISTED]]
            more = len(rows) - len(listed)
            body = "; ".join(listed) + (f" … (+{more})" if more > 0 else "")
            notify(
                [self.users[user_pk]],
                kind=kind,
                title=format_lazy(DIGEST_TITLE, title=title_word, count=len(rows)),
                body=body,
                link=f"{reverse('casework:list')}?show=overdue",
                dedupe_key=f"casework:digest:{kind}:{digest}",
                sms=sms[kind],
            )


DIGEST_LISTED = 50
DIGEST_TITLE = _("{title} · {count} cases")
ESCALATED_STATION = _("Escalated to the station")


SMS = {"casework.yellow": False, "casework.red": True, "casework.escalated": True}


def _announce(step: str, rows: list[tuple[Any, ...]], ctx: _Context) -> None:
    """Notifications and audit for the cases this worker's UPDATE moved (their timeline entries
    were written with the UPDATE). The loop over the rows only sorts ids into recipients."""

    rows.sort(key=itemgetter(ID))
    dept_ids = {r[DEPARTMENT] for r in rows if r[DEPARTMENT]}
    members: dict[int, list[int]] = defaultdict(list)
    if dept_ids:
        through = Department.members.through.objects.filter(department_id__in=dept_ids)
        for dept_id, user_id in through.values_list("department_id", "user_id"):
            members[dept_id].append(user_id)
    user_ids = {u for r in rows for u in (r[ASSIGNEE], r[LEADER], r[HANDLER]) if u}
    user_ids.update(u for people in members.values() for u in people)
    users: dict[int, Any] = User.objects.filter(is_active=True).in_bulk(sorted(user_ids)) if user_ids else {}
    role = {"yellow": "station_leader", "red_station": "station_leader", "bureau": "bureau_commander"}.get(step)
    over: dict[int, set[int | None]] = {}
    if role is not None:
        grid_ids = {r[GRID] for r in rows if not (step == "yellow" and r[LEADER])}
        ctx.want_grids(grid_ids, (role,))
        for grid_id in grid_ids:
            leaders = [u for u in ctx.leaders_over(grid_id, role) if u.is_active]
            users.update((u.pk, u) for u in leaders)
            over[grid_id] = {u.pk for u in leaders}
    bag = _Mailbag(users)
    kind = {"yellow": "casework.yellow", "bureau": "casework.escalated"}.get(step, "casework.red")
    for row in rows:
        workers: set[int | None] = {row[ASSIGNEE], row[HANDLER]}
        if row[DEPARTMENT]:
            workers.update(members.get(row[DEPARTMENT], ()))
        if step == "yellow":
            bag.add(workers | ({row[LEADER]} if row[LEADER] else over[row[GRID]]), kind, row)
        elif step == "bureau":
            bag.add(over[row[GRID]] | {row[LEADER]}, kind, row)
        else:
            workers.add(row[LEADER])
            bag.add(workers, kind, row)
            if step == "red_station":
                bag.add(over[row[GRID]], "casework.escalated", row)
    bag.send(step, SMS)
    audit_record(
        action=f"casework.sweep.{step}",
        actor=None,
        actor_username="worker",
        object_type="casework.case",
        result_count=len(rows),
        details={"ids": [r[ID] for r in rows[:50]]},
    )
