"""Writing and checking the audit trail. Services call `audit_record` inside their transaction."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.audit import checkpoints
from jingwang.audit.chain import COLUMNS, GENESIS, ROW_COLUMNS, link, row_mac, row_mac_ok
from jingwang.audit.models import AuditEvent, Outcome
from jingwang.core import context, redact
from jingwang.core.access import grants
from jingwang.core.refusals import request_route as request_route  # re-exported: callers import it from here

log = logging.getLogger(__name__)

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
_INSERT_COLUMNS = [*ROW_COLUMNS, "mac"]
_JSON_COLUMNS = {"query", "details"}


@functools.cache
def _insert_sql(vendor: str) -> str:
    marks = ", ".join("%s::jsonb" if vendor == "postgresql" and c in _JSON_COLUMNS else "%s" for c in _INSERT_COLUMNS)
    names = ", ".join(_INSERT_COLUMNS)
    return f"INSERT INTO {AuditEvent._meta.db_table} ({names}, prev_hash, hash) VALUES ({marks}, '', '')"


def _insert(events: list[AuditEvent]) -> None:
    """One INSERT; each row carries the keyed MAC of what the service wrote (see chain.py)."""
    ops = connection.ops
    rows = []
    for event in events:
        row, written = [], []
        for column in ROW_COLUMNS:
            value = getattr(event, column)
            if column in _JSON_COLUMNS and value is not None:
                value = json.dumps(value, ensure_ascii=False)
                written.append(json.loads(value))  # the value as it will read back (tuples → lists …)
            else:
                written.append(value)
            row.append(ops.adapt_datetimefield_value(value) if column == "occurred_at" else value)
        event.mac = row_mac(written)
        rows.append([*row, event.mac])
    with connection.cursor() as cursor:
        if len(rows) == 1:
            cursor.execute(_insert_sql(connection.vendor), rows[0])
        else:
            cursor.executemany(_insert_sql(connection.vendor), rows)


def request_seal() -> None:
    """After a commit: wake this process's background sealer, where one runs (the servers)."""
    from jingwang.audit import sealer

    sealer.wake()


_forged_logged: set[int] = set()


def audit_seal(*, batch: int = SEAL_BATCH) -> int:
    """Give committed, unsealed events their place in the chain, oldest first, in batches.

    hash = HMAC(chain key, previous hash ‖ canonical row with its seq and MAC). Only rows whose
    MAC verifies are sealed: a row the service did not write stays unsealed, and `audit verify`
    names it. Sealers exclude one another with a lock; writers never wait for it. Afterwards a
    signed checkpoint of the head is written when one is due. Returns the number of events sealed."""
    table = AuditEvent._meta.db_table
    total, after, forged = 0, 0, []
    while True:
        with transaction.atomic():
            seq, prev = _lock_chain()
            rows = list(
                AuditEvent.objects.filter(seq__isnull=True, id__gt=after)
                .order_by("id")
                .values_list("id", *ROW_COLUMNS, "mac")[:batch]
            )
            if not rows:
                break
            after = rows[-1][0]
            updates = []
            for row in rows:
                if not row_mac_ok(row[1:-1], row[-1]):
                    forged.append(row[0])
                    continue
                seq += 1
                digest = link(prev, [seq, *row[1:]])
                updates.append((seq, prev, digest, row[0]))
                prev = digest
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql" and updates:
                    # One statement for the whole batch: four arrays unnested into rows.
                    seqs, prevs, hashes, ids = (list(col) for col in zip(*updates, strict=True))
                    cursor.execute(
                        f"UPDATE {table} AS a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash "
                        "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::bigint[]) "
                        "AS v(seq, prev_hash, hash, id) WHERE a.id = v.id AND a.seq IS NULL",
                        [seqs, prevs, hashes, ids],
                    )
                elif updates:
                    cursor.executemany(
                        f"UPDATE {table} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s AND seq IS NULL",
                        updates,
                    )
            total += len(updates)
        if len(rows) < batch:
            break
    if news := [i for i in forged if i not in _forged_logged]:
        _forged_logged.update(news)
        log.error("audit events %s were not written by the service (MAC wrong): left unsealed", news[:20])
    if total:
        _checkpoint_if_due(seq, prev)
    return total


def _checkpoint_if_due(head_seq: int, head_hash: str) -> None:
    """After sealing: a signed checkpoint of the head, at most every AUDIT_CHECKPOINT_SECONDS, and
    only while the stored chain still holds the last checkpoint's row unchanged (otherwise the
    newest rows were removed, and a new checkpoint would hide that)."""
    try:
        last = checkpoints.latest()
        if last is not None:
            if checkpoints.age_seconds(last) < settings.AUDIT_CHECKPOINT_SECONDS or last.seq >= head_seq:
                return
            stored = AuditEvent.objects.filter(seq=last.seq).values_list("hash", flat=True).first()
            if stored != last.hash:
                log.error("audit chain no longer holds checkpoint #%s: no new checkpoint written", last.seq)
                return
        checkpoints.write(count=head_seq, seq=head_seq, head_hash=head_hash)
    except (OSError, checkpoints.CheckpointError) as exc:
        log.error("audit checkpoint not written: %s", exc)


def audit_denied(
    *,
    actor: Any,
    object_type: str,
    object_id: Any = "",
    action: str = "authz_denied",
    details: dict[str, Any] | None = None,
    **fields: Any,
) -> bool:
    """A refusal (out of scope, or a role without the permission), recorded in its own transaction:
    the refused request's answer rolls nothing back.

    A loop of refused requests must not flood the trail: per user, action and kind of record at
    most AUDIT_DENIALS_PER_MINUTE rows a minute are written; the last one says `limit_reached`, and
    further refusals in that minute are not recorded. Returns whether a row was written."""
    context.note_denial()
    details = dict(details or {})
    with transaction.atomic():
        if actor is not None and getattr(actor, "is_authenticated", False):
            limit = settings.AUDIT_DENIALS_PER_MINUTE
            recent = (
                AuditEvent.objects.filter(
                    actor_id=actor.pk,
                    occurred_at__gte=timezone.now() - timedelta(minutes=1),
                    action=action,
                    object_type=object_type,
                )
                .order_by()[:limit]
                .count()
            )
            if recent >= limit:
                return False
            if recent == limit - 1:
                details["limit_reached"] = True
        audit_record(
            action=action,
            actor=actor,
            outcome=Outcome.DENIED,
            object_type=object_type,
            object_id=str(object_id),
            details=details or None,
            **fields,
        )
    return True


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""
    head_seq: int = 0
    head_hash: str = GENESIS
    pending: int = 0
    checkpoint: checkpoints.Checkpoint | None = None  # the one the head was checked against
    note: str = ""  # e.g. that no earlier checkpoint existed
    forged_id: int | None = None  # an unsealed row the service did not write


def _rows(after: int, chunk: int = 5000) -> Iterator[tuple[Any, ...]]:
    yield from (
        AuditEvent.objects.filter(seq__gt=after)
        .order_by("seq")
        .values_list(*COLUMNS, "prev_hash", "hash")
        .iterator(chunk_size=chunk)
    )


@dataclass
class _Walk:
    expected_seq: int = 1
    prev: str = GENESIS
    checked: int = 0
    at_checkpoint: str | None = None  # the hash the chain holds at the checkpoint's seq


def _walk(walk: _Walk, checkpoint_seq: int) -> VerifyResult | None:
    """Walk on from where `walk` stands; the first bad row as a failed result, else None."""
    for row in _rows(walk.expected_seq - 1):
        values, stored_prev, stored_hash = row[: len(COLUMNS)], row[-2], row[-1]
        seq, prev = values[0], walk.prev
        if seq != walk.expected_seq:
            problem = _("expected sequence %(want)d, found %(got)d: rows removed or reordered") % {
                "want": walk.expected_seq,
                "got": seq,
            }
            return VerifyResult(False, walk.checked, seq, problem, walk.expected_seq - 1, prev)
        if stored_prev != prev:
            return VerifyResult(
                False, walk.checked, seq, _("previous-hash link broken: rows removed or reordered"), seq - 1, prev
            )
        if link(prev, values) != stored_hash:
            return VerifyResult(
                False,
                walk.checked,
                seq,
                _("hash does not match the row: row edited, forged, or the chain recomputed without the key"),
                seq - 1,
                prev,
            )
        if seq == checkpoint_seq:
            walk.at_checkpoint = stored_hash
        walk.prev, walk.expected_seq, walk.checked = stored_hash, seq + 1, walk.checked + 1
    return None


def _unsealed() -> tuple[int | None, int]:
    """(id of the first unsealed row the service did not write, number of genuine ones pending)."""
    pending = 0
    rows = AuditEvent.objects.filter(seq__isnull=True).order_by("id").values_list("id", *ROW_COLUMNS, "mac")
    for row in rows.iterator(chunk_size=2000):
        if not row_mac_ok(row[1:-1], row[-1]):
            return row[0], pending
        pending += 1
    return None, pending


def _copied_row() -> int | None:
    """The seq of a row that is a verbatim copy of another (every genuine row has its own nonce)."""
    twice = (
        AuditEvent.objects.exclude(mac="")
        .order_by()
        .values("mac")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values("mac")[:1]
    )
    return AuditEvent.objects.filter(mac__in=twice).order_by("-seq").values_list("seq", flat=True).first()


def _against(checkpoint: checkpoints.Checkpoint, walk: _Walk) -> str:
    """What is wrong with the walked chain measured against the latest checkpoint, if anything."""
    when = {"seq": checkpoint.seq, "time": checkpoint.time, "head": walk.expected_seq - 1}
    if walk.expected_seq - 1 < checkpoint.seq:
        return (
            _("the chain ends at #%(head)d, but the checkpoint of %(time)s recorded #%(seq)d: newest rows deleted")
            % when
        )
    if walk.at_checkpoint != checkpoint.hash:
        return (
            _("event #%(seq)d differs from the checkpoint of %(time)s: rows deleted and the chain sealed again") % when
        )
    return ""


def audit_verify(*, seal: bool = True) -> VerifyResult:
    """Seal what is committed, then walk the chain in order and name the first row that was
    edited, forged, removed or moved; check that the chain still reaches the latest signed
    checkpoint with the same hash (the newest rows were not removed, the chain not rebuilt); name
    any unsealed row the service did not write. A good chain gets a new checkpoint of its head."""
    if seal:
        audit_seal()
    try:
        checkpoint = checkpoints.latest()
    except checkpoints.CheckpointError as exc:
        return VerifyResult(False, 0, None, _("checkpoint cannot be trusted: %(error)s") % {"error": exc})
    walk = _Walk()
    cp_seq = checkpoint.seq if checkpoint is not None else 0
    while True:
        if (broken := _walk(walk, cp_seq)) is not None:
            return broken
        # Rows sealed while the walk ran (and a checkpoint written for them) are walked too.
        if (
            checkpoint is None
            or walk.expected_seq > cp_seq
            or not AuditEvent.objects.filter(seq=walk.expected_seq).exists()
        ):
            break
    head_seq, head = walk.expected_seq - 1, walk.prev
    if checkpoint is not None and (problem := _against(checkpoint, walk)):
        bad = head_seq + 1 if head_seq < checkpoint.seq else checkpoint.seq
        return VerifyResult(False, walk.checked, bad, problem, head_seq, head, checkpoint=checkpoint)
    forged, pending = _unsealed()
    if forged is not None:
        problem = _("event id %(id)d was not written by the application (wrong MAC): a forged row") % {"id": forged}
        return VerifyResult(False, walk.checked, None, problem, head_seq, head, forged_id=forged)
    if (copy := _copied_row()) is not None:
        problem = _("event #%(seq)d is a copy of another event: a forged row") % {"seq": copy}
        return VerifyResult(False, walk.checked, copy, problem, head_seq, head)
    note = ""
    if checkpoint is None and head_seq:
        note = _("no earlier checkpoint of this database was found: the head is recorded from now on")
    try:
        if head_seq:
            checkpoints.write(count=walk.checked, seq=head_seq, head_hash=head)
            checkpoint = checkpoints.latest()
    except (OSError, checkpoints.CheckpointError) as exc:
        problem = _("the checkpoint could not be written: %(error)s") % {"error": exc}
        return VerifyResult(False, walk.checked, None, problem, head_seq, head)
    return VerifyResult(True, walk.checked, None, "", head_seq, head, pending, checkpoint=checkpoint, note=note)
