"""Audit trail cases: appending one event per transaction, and verifying a long chain."""

from __future__ import annotations

import itertools
import json
import queue
import random
import re
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from jingwang.audit.chain import COLUMNS, GENESIS, link, row_mac
from jingwang.audit.models import AuditEvent
from jingwang.audit.services import audit_record, audit_seal, audit_verify
from jingwang.bench.harness import Case, Target, register

TABLE = AuditEvent._meta.db_table
ALL_COLUMNS = (*COLUMNS, "prev_hash", "hash")
JSON_COLUMNS = {"query", "details"}
APPEND_TARGET = 2000.0
VERIFY_SECONDS_PER_MILLION = 60.0


def _event_fields(n: int) -> dict[str, Any]:
    """What a typical audited read looks like: a named officer, a scope, a query and a count."""
    return {
        "actor_username": "officer007",
        "roles": "community_officer",
        "scope": "police_district:320102001001",
        "object_type": "people.person",
        "object_id": str(n),
        "query": {"q": "张", "page": 1},
        "result_count": 20,
        "purpose": "routine visit",
        "details": {"n": n},
    }


def create_scratch_table(name: str) -> None:
    """A copy of the audit table's columns and indexes, without chain, trigger or constraints."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TABLE {name} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)"
            )
            return
        cursor.execute("SELECT sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL", [TABLE])
        for (ddl,) in cursor.fetchall():
            ddl = re.sub(r'^(CREATE (?:UNIQUE )?INDEX )"([^"]+)"', rf'\1"{name}_\2"', ddl)
            cursor.execute(ddl.replace(f'"{TABLE}"', f'"{name}"', 1))


def drop_table(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")


class Workers:
    """A few threads, each with its own database connection, that run jobs on request."""

    def __init__(self, count: int) -> None:
        self.inboxes: list[queue.Queue[Callable[[], Any] | None]] = [queue.Queue() for _ in range(count)]
        self.results: queue.Queue[tuple[bool, Any]] = queue.Queue()
        self.threads = [threading.Thread(target=self._loop, args=(q,), daemon=True) for q in self.inboxes]
        for t in self.threads:
            t.start()

    def _loop(self, inbox: queue.Queue[Callable[[], Any] | None]) -> None:
        while (job := inbox.get()) is not None:
            try:
                self.results.put((True, job()))
            except BaseException as exc:
                self.results.put((False, exc))

    def run(self, job: Callable[[], Any]) -> list[Any]:
        """Run `job` once in every thread at the same time; wait for all of them."""
        for inbox in self.inboxes:
            inbox.put(job)
        outcomes = [self.results.get() for _ in self.inboxes]
        for ok, value in outcomes:
            if not ok:
                raise value
        return [value for _, value in outcomes]

    def close(self) -> None:
        try:
            self.run(lambda: connection.close())  # `connection` resolves to each thread's own
        finally:
            for inbox in self.inboxes:
                inbox.put(None)
            for t in self.threads:
                t.join()


class _AppendBase(Case):
    unit = "ops/s"
    threads = 1
    per_repeat = 100
    scratch = "bench_audit_scratch"

    def setup(self) -> None:
        self.size = self.per_repeat
        self.counter = itertools.count(1)
        self.scratch_seq = itertools.count(1)
        create_scratch_table(self.scratch)
        names = ", ".join(ALL_COLUMNS)
        marks = ", ".join(["%s"] * len(ALL_COLUMNS))
        self.insert_sql = f"INSERT INTO {self.scratch} ({names}) VALUES ({marks})"
        self.target = Target("rate", APPEND_TARGET, at_most=False, label=f"≥ {APPEND_TARGET:,.0f} events/s")
        self.workers = Workers(self.threads) if self.threads > 1 else None

    def teardown(self) -> None:
        if self.workers is not None:
            self.workers.close()
        drop_table(self.scratch)

    def append_some(self, count: int) -> None:
        for _ in range(count):
            n = next(self.counter)
            with transaction.atomic():
                audit_record(action="bench.append", **_event_fields(n))

    def insert_some(self, count: int) -> None:
        ops = connection.ops
        for _ in range(count):
            n = next(self.scratch_seq)
            f = _event_fields(n)
            row = [
                n, ops.adapt_datetimefield_value(timezone.now()), None, f["actor_username"], f["roles"], f["scope"],
                "bench.append", f["object_type"], f["object_id"], json.dumps(f["query"]), f["result_count"],
                f["purpose"], "success", "cli", "", "", "", json.dumps(f["details"]), f"{n:032x}.{GENESIS}",
                GENESIS, GENESIS,
            ]  # fmt: skip
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(self.insert_sql, row)

    def _spread(self, fn: Callable[[int], None]) -> int:
        if self.workers is None:
            fn(self.per_repeat)
        else:
            self.workers.run(lambda: fn(self.per_repeat // self.threads))
        return self.per_repeat

    def measured(self, i: int) -> int:
        # Sustained throughput: the events are written, then sealed into the chain, as the
        # server's background sealer would seal them.
        appended = self._spread(self.append_some)
        audit_seal()
        return appended

    def baseline(self, i: int) -> int:
        return self._spread(self.insert_some)


@register("audit.append", "audit_record, one event per durable transaction, then sealed; one client (vs INSERT)")
class AppendCase(_AppendBase):
    repeats = 30
    quick_repeats = 10
    warmup = 1

    def setup(self) -> None:
        super().setup()
        self.notes.append(f"{self.per_repeat} events per repeat; baseline: same row into a chainless copy table")


@register(
    "audit.append_4threads", "audit_record from 4 threads, each its own connection, then sealed (vs plain INSERT)"
)
class ConcurrentAppendCase(_AppendBase):
    threads = 4
    repeats = 30
    quick_repeats = 10
    warmup = 1
    scratch = "bench_audit_scratch4"

    def setup(self) -> None:
        super().setup()
        how = "writers serialise on the database lock" if connection.vendor == "sqlite" else "writers take no lock"
        self.notes.append(f"{self.threads} threads x {self.per_repeat // self.threads} events per repeat; {how}")


# --- verify ---------------------------------------------------------------------------------

ACTIONS = [
    ("person.view", "people.person", None),
    ("person.search", "people.person", {"q": "王", "district": "320102001001"}),
    ("auth.login", "", None),
    ("territory.node.change", "territory.node", None),
    ("authz_denied", "people.person", None),
    ("dispute.escalate", "disputes.dispute", None),
]


def chain_rows(start_seq: int, prev: str, count: int, seed: int) -> Iterator[tuple[Any, ...]]:
    """`count` realistic events after (start_seq, prev), each with its row MAC and linked exactly as
    audit_record and the sealer would."""
    rng = random.Random(seed)
    when = datetime(2025, 1, 1, tzinfo=UTC)
    for seq in range(start_seq + 1, start_seq + count + 1):
        when += timedelta(microseconds=rng.randrange(1, 60_000_000))
        action, object_type, query = ACTIONS[rng.randrange(len(ACTIONS))]
        user = rng.randrange(0, 500)
        values = (
            seq, when, user or None, f"officer{user:03d}" if user else "",
            "community_officer" if user else "", f"police_district:320102{user % 100 + 1:03d}001" if user else "",
            action, object_type, str(rng.randrange(1, 10**6)) if object_type else "",
            query, rng.randrange(0, 200) if query else None, "走访核查" if query else "",
            "denied" if action == "authz_denied" else "success", ("web", "api", "cli")[seq % 3],
            f"10.{user % 256}.{seq % 256}.{rng.randrange(1, 255)}", f"{rng.getrandbits(64):016x}",
            f"{rng.getrandbits(128):032x}", {"fields": ["name"], "version": seq % 7} if seq % 5 == 0 else None,
        )  # fmt: skip
        sealed = (*values, row_mac(values[1:]))  # with the MAC audit_record writes with each row
        digest = link(prev, sealed)
        yield (*sealed, prev, digest)
        prev = digest


def chain_head() -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, hash FROM {TABLE} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def fill_chain(count: int, seed: int, log: Callable[[str], None], chunk: int = 50_000) -> int:
    """Append `count` events quickly (COPY on PostgreSQL, executemany on SQLite); returns the total."""
    seq, prev = chain_head()
    names = ", ".join(ALL_COLUMNS)
    json_at = [i for i, c in enumerate(ALL_COLUMNS) if c in JSON_COLUMNS]
    time_at = ALL_COLUMNS.index("occurred_at")
    rows = chain_rows(seq, prev, count, seed)
    done = 0
    while done < count:
        batch = []
        for row in itertools.islice(rows, chunk):
            values = list(row)
            for i in json_at:
                values[i] = None if values[i] is None else json.dumps(values[i])
            if connection.vendor == "sqlite":
                values[time_at] = connection.ops.adapt_datetimefield_value(values[time_at])
            batch.append(values)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {TABLE} ({names}) FROM STDIN") as copy:
                    for values in batch:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(ALL_COLUMNS))
                cursor.executemany(f"INSERT INTO {TABLE} ({names}) VALUES ({marks})", batch)
        done += len(batch)
        if done % 200_000 == 0 or done == count:
            log(f"audit.verify: {done:,}/{count:,} events written")
    if not connection.in_atomic_block:  # (only the test suite runs the bench inside a transaction)
        # Leave the table as a long-lived one would be: analysed and vacuumed, the WAL folded in.
        with connection.cursor() as cursor:
            cursor.execute(
                f"VACUUM ANALYZE {TABLE}" if connection.vendor == "postgresql" else "PRAGMA wal_checkpoint(TRUNCATE)"
            )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return int(cursor.fetchone()[0])


@register("audit.verify", "audit_verify over the whole chain (vs a bare ordered read of the same columns)")
class VerifyCase(Case):
    unit = "s"
    repeats = 2
    quick_repeats = 2
    warmup = 0

    def setup(self) -> None:
        count = self.ctx.size(1_000_000)
        self.ctx.log(f"audit.verify: writing {count:,} chained events")
        self.size = fill_chain(count, self.ctx.seed, self.ctx.log)
        self.read_all()  # the first pass over fresh pages is not what either side should pay
        limit = VERIFY_SECONDS_PER_MILLION * self.size / 1_000_000
        self.target = Target("seconds", limit, at_most=True, label=f"≤ {limit:,.1f} s (60 s per 1M)")
        self.notes.append(f"{self.size:,} events; seconds per full verify")

    def measured(self, i: int) -> int:
        result = audit_verify()
        if not result.ok or result.checked != self.size:
            raise AssertionError(f"verify failed: {result}")
        return 1

    def read_all(self) -> int:
        read = 0
        with transaction.atomic(), connection.chunked_cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(ALL_COLUMNS)} FROM {TABLE} ORDER BY seq")
            while rows := cursor.fetchmany(5000):
                read += len(rows)
        return read

    def baseline(self, i: int) -> int:
        self.read_all()
        return 1
