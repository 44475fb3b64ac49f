"""Writing and checking the audit trail. Services call `audit_record` inside their transaction."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.audit.chain import COLUMNS, GENESIS, link
from jingwang.audit.models import AuditEvent, Outcome
from jingwang.core import context, redact
from jingwang.core.access import grants

# Any constant works; it names the one lock that orders sealing of the chain on PostgreSQL.
_PG_CHAIN_LOCK = 7_348_120_011
SEAL_BATCH = 5000


@dataclass
class EventSpec:
    action: str
    outcome: str = Outcome.SUCCESS
    actor: Any = None
    actor_username: str = ""
    object_type: str = ""
    object_id: str = ""
    query: dict[str, Any] | None = None
    result_count: int | None = None
    purpose: str = ""
    details: dict[str, Any] | None = None
    roles: str | None = None
    scope: str | None = None
    occurred_at: Any = None
    ctx: context.RequestContext = field(default_factory=context.current)


def _actor_fields(actor: Any, roles: str | None, scope: str | None) -> tuple[int | None, str, str, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, "", roles or "", scope or ""
    held = grants(actor)
    if roles is None:
        roles = ",".join(sorted({g.role for g in held}))
    if scope is None:
        scope = ",".join(sorted({g.ref for g in held}))[:500]
    return actor.pk, actor.get_username(), roles, scope


def _lock_chain() -> tuple[int, str]:
    """Serialise sealers and return the chain's head (last seq, last hash). Inside a transaction."""
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])
        # SQLite: the IMMEDIATE transaction already holds the database's single write lock.
        cursor.execute(f"SELECT seq, hash FROM {table} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def _build(spec: EventSpec) -> AuditEvent:
    """An event without its place in the chain (seq and hashes), which sealing gives it."""
    actor_id, username, roles, scope = _actor_fields(spec.actor, spec.roles, spec.scope)
    return AuditEvent(
        occurred_at=spec.occurred_at or timezone.now(),
        actor_id=actor_id,
        actor_username=spec.actor_username or username,
        roles=roles[:255],
        scope=scope[:500],
        action=spec.action,
        object_type=spec.object_type,
        object_id=str(spec.object_id)[:64],
        # No identifier in the trail (SECURITY 13): a searched number is kept masked, with its blind index.
        query=redact.protect_query(spec.query),
        result_count=spec.result_count,
        purpose=redact.mask_text(spec.purpose)[:255],
        outcome=spec.outcome,
        source=spec.ctx.source,
        source_address=spec.ctx.source_address,
        session_ref=spec.ctx.session_ref,
        request_id=spec.ctx.request_id,
        details=spec.details,
    )


def audit_record(*, action: str, actor: Any = None, **fields: Any) -> AuditEvent:
    """Append one event, in the caller's transaction: if it cannot be written, the caller fails."""
    return audit_record_many([EventSpec(action=action, actor=actor, **fields)])[0]


def audit_record_many(specs: Iterable[EventSpec]) -> list[AuditEvent]:
    """Insert events in the caller's transaction. No lock is taken here, so concurrent requests
    do not queue behind one another's commits; the events join the hash chain when sealed."""
    events = [_build(spec) for spec in specs]
    with transaction.atomic(savepoint=False):
        _insert(events)
        transaction.on_commit(request_seal)
    return events


# Every audited request passes here, so the INSERT is written once, not rebuilt by the ORM per call.
_INSERT_COLUMNS = [c for c in COLUMNS if c not in ("seq", "actor_id")] + ["actor_id"]
_JSON_COLUMNS = {"query", "details"}


@functools.cache
def _insert_sql(vendor: str) -> str:
    marks = ", ".join("%s::jsonb" if vendor == "postgresql" and c in _JSON_COLUMNS else "%s" for c in _INSERT_COLUMNS)
    names = ", ".join(_INSERT_COLUMNS)
    return f"INSERT INTO {AuditEvent._meta.db_table} ({names}, prev_hash, hash) VALUES ({marks}, '', '')"


def _insert(events: list[AuditEvent]) -> None:
    ops = connection.ops
    rows = []
    for event in events:
        row = []
        for column in _INSERT_COLUMNS:
            value = getattr(event, column)
            if column in _JSON_COLUMNS:
                value = None if value is None else json.dumps(value, ensure_ascii=False)
            elif column == "occurred_at":
                value = ops.adapt_datetimefield_value(value)
            row.append(value)
        rows.append(row)
    with connection.cursor() as cursor:
        if len(rows) == 1:
            cursor.execute(_insert_sql(connection.vendor), rows[0])
        else:
            cursor.executemany(_insert_sql(connection.vendor), rows)


def request_seal() -> None:
    """After a commit: wake this process's background sealer, where one runs (the servers)."""
    from jingwang.audit import sealer

    sealer.wake()


def audit_seal(*, batch: int = SEAL_BATCH) -> int:
    """Give committed, unsealed events their place in the chain, oldest first, in batches.

    hash = SHA-256(previous hash ‖ canonical row with its seq). Sealers exclude one another with
    a lock; writers never wait for it. Returns the number of events sealed."""
    table = AuditEvent._meta.db_table
    total = 0
    while True:
        with transaction.atomic():
            seq, prev = _lock_chain()
            rows = list(
                AuditEvent.objects.filter(seq__isnull=True)
                .order_by("id")
                .values_list("id", *[c for c in COLUMNS if c != "seq"])[:batch]
            )
            if not rows:
                return total
            updates = []
            for row in rows:
                seq += 1
                values = [seq, *row[1:]]
                digest = link(prev, values)
                updates.append((seq, prev, digest, row[0]))
                prev = digest
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # One statement for the whole batch: four arrays unnested into rows.
                    seqs, prevs, hashes, ids = (list(col) for col in zip(*updates, strict=True))
                    cursor.execute(
                        f"UPDATE {table} AS a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash "
                        "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::bigint[]) "
                        "AS v(seq, prev_hash, hash, id) WHERE a.id = v.id AND a.seq IS NULL",
                        [seqs, prevs, hashes, ids],
                    )
                else:
                    cursor.executemany(
                        f"UPDATE {table} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s AND seq IS NULL",
                        updates,
                    )
            total += len(rows)
        if len(rows) < batch:
            return total


def audit_denied(*, actor: Any, object_type: str, object_id: Any, action: str = "authz_denied", **fields: Any) -> None:
    """A refusal is recorded in its own transaction: the refused request's answer rolls nothing back."""
    with transaction.atomic():
        audit_record(
            action=action,
            actor=actor,
            outcome=Outcome.DENIED,
            object_type=object_type,
            object_id=str(object_id),
            **fields,
        )


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""
    head_seq: int = 0
    head_hash: str = GENESIS
    pending: int = 0


def _rows(chunk: int = 5000) -> Iterator[tuple[Any, ...]]:
    yield from (
        AuditEvent.objects.filter(seq__isnull=False)
        .order_by("seq")
        .values_list(*COLUMNS, "prev_hash", "hash")
        .iterator(chunk_size=chunk)
    )


def audit_verify(*, seal: bool = True) -> VerifyResult:
    """Seal what is committed, then walk the chain in order; name the first row that was edited,
    removed or moved. Events committed while the walk runs are reported as pending."""
    if seal:
        audit_seal()
    expected_seq, prev, checked = 1, GENESIS, 0
    for row in _rows():
        values, stored_prev, stored_hash = row[: len(COLUMNS)], row[-2], row[-1]
        seq = values[0]
        if seq != expected_seq:
            return VerifyResult(
                False,
                checked,
                seq,
                _("expected sequence %(want)d, found %(got)d: rows removed or reordered")
                % {"want": expected_seq, "got": seq},
                expected_seq - 1,
                prev,
            )
        if stored_prev != prev:
            return VerifyResult(
                False, checked, seq, _("previous-hash link broken: rows removed or reordered"), seq - 1, prev
            )
        if link(prev, values) != stored_hash:
            return VerifyResult(False, checked, seq, _("hash does not match the row: row edited"), seq - 1, prev)
        prev, expected_seq, checked = stored_hash, seq + 1, checked + 1
    pending = AuditEvent.objects.filter(seq__isnull=True).count()
    return VerifyResult(True, checked, head_seq=expected_seq - 1, head_hash=prev, pending=pending)
