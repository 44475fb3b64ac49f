"""The audit-tamper battery (SECURITY 16, 31): whoever can write the database but holds neither the
key nor the checkpoint folder cannot delete, forge or rebuild the trail without `audit verify`
exiting 1 and naming what was done."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from jingwang.audit import chain, checkpoints
from jingwang.audit.chain import COLUMNS, GENESIS, ROW_COLUMNS
from jingwang.audit.models import AuditEvent
from jingwang.audit.services import EventSpec, audit_record, audit_record_many, audit_seal, audit_verify

pytestmark = pytest.mark.django_db
TABLE = AuditEvent._meta.db_table


def _fill(n: int) -> None:
    audit_record_many(
        EventSpec(action="test.event", object_type="t", object_id=str(i), details={"i": i, "名": "测试"})
        for i in range(n)
    )


def _raw(sql: str, params: list[Any] | tuple[Any, ...] = ()) -> None:
    """Change the trail underneath the application, as the database's owner could (on PostgreSQL
    the append-only trigger is switched off first, which a superuser may do)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def _mark(column: str) -> str:
    return "%s::jsonb" if connection.vendor == "postgresql" and column in ("query", "details") else "%s"


def _json(column: str, value: Any) -> Any:
    return json.dumps(value) if column in ("query", "details") and value is not None else value


def _verify_command(capsys: Any) -> tuple[int, str]:
    with translation.override("en"):
        try:
            call_command("audit", "verify")
        except SystemExit as exit_info:
            return int(exit_info.code or 0), capsys.readouterr().out
    return 0, capsys.readouterr().out


def _a_verified_trail(capsys: Any, n: int) -> None:
    """A trail of n events that `audit verify` has checked (and checkpointed), as a deployment has."""
    _fill(n)
    code, out = _verify_command(capsys)
    assert code == 0 and out.startswith(f"OK {n} events"), out


def _row_values(seq: int) -> list[Any]:
    return list(AuditEvent.objects.filter(seq=seq).values_list(*COLUMNS).get())


@pytest.mark.parametrize("deleted", [1, 100, "all"])
def test_deleting_the_newest_events_makes_verify_exit_1(capsys: Any, deleted: int | str) -> None:
    _a_verified_trail(capsys, 150)
    keep = 0 if deleted == "all" else 150 - int(deleted)
    _raw(f"DELETE FROM {TABLE} WHERE seq > %s", [keep])
    code, out = _verify_command(capsys)
    assert code == 1
    assert f"BROKEN at event #{keep + 1}: the chain ends at #{keep}" in out
    assert "recorded #150: newest rows deleted" in out


def test_deleting_the_newest_events_and_sealing_new_ones_in_their_place_is_detected(capsys: Any, settings: Any) -> None:
    _a_verified_trail(capsys, 20)
    _raw(f"DELETE FROM {TABLE} WHERE seq > %s", [15])
    _fill(8)  # the application goes on writing; the sealer gives them #16-#23
    settings.AUDIT_CHECKPOINT_SECONDS = 0
    assert audit_seal() == 8
    assert checkpoints.latest().seq == 20  # type: ignore[union-attr]  # no checkpoint over the gap
    code, out = _verify_command(capsys)
    assert code == 1 and "BROKEN at event #20: event #20 differs from the checkpoint" in out


def test_a_forged_row_without_a_sequence_number_is_never_sealed_and_verify_names_it(capsys: Any) -> None:
    _a_verified_trail(capsys, 3)
    values = dict(zip(COLUMNS, _row_values(2), strict=True)) | {"object_id": "forged"}
    columns = [*ROW_COLUMNS, "mac"]
    _raw(
        f"INSERT INTO {TABLE} ({', '.join(columns)}, prev_hash, hash) "
        f"VALUES ({', '.join(_mark(c) for c in columns)}, '', '')",
        [
            connection.ops.adapt_datetimefield_value(values[c]) if c == "occurred_at" else _json(c, values[c])
            for c in ROW_COLUMNS
        ]
        + ["0" * 32 + "." + "0" * 64],
    )
    forged = AuditEvent.objects.get(object_id="forged")
    _fill(2)  # genuine events written after it are sealed as usual
    code, out = _verify_command(capsys)
    assert code == 1
    assert f"event id {forged.pk} was not written by the application (wrong MAC): a forged row" in out
    assert AuditEvent.objects.filter(pk=forged.pk, seq__isnull=True).exists()
    assert AuditEvent.objects.filter(seq__isnull=False).count() == 5


def test_a_forged_row_appended_with_a_sequence_and_an_unkeyed_hash_is_detected(capsys: Any) -> None:
    _a_verified_trail(capsys, 4)
    head = AuditEvent.objects.get(seq=4)
    values = _row_values(4)
    values[0], values[COLUMNS.index("object_id")] = 5, "forged"
    digest = hashlib.sha256(head.hash.encode() + b"\n" + chain.canonical(values)).hexdigest()
    values[COLUMNS.index("mac")] = "f" * 32 + "." + "f" * 64
    row = [
        connection.ops.adapt_datetimefield_value(v) if c == "occurred_at" else _json(c, v)
        for c, v in zip(COLUMNS, values, strict=True)
    ]
    _raw(
        f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}, prev_hash, hash) "
        f"VALUES ({', '.join(_mark(c) for c in COLUMNS)}, %s, %s)",
        [*row, head.hash, digest],
    )
    code, out = _verify_command(capsys)
    assert code == 1 and "BROKEN at event #5: hash does not match the row" in out


@pytest.mark.parametrize("key", ["unkeyed SHA-256", "guessed key"])
def test_recomputing_the_whole_chain_after_an_edit_is_detected(capsys: Any, key: str, monkeypatch: Any) -> None:
    _a_verified_trail(capsys, 6)
    _raw(f"UPDATE {TABLE} SET object_id = %s WHERE seq = 3", ["tampered"])
    if key == "guessed key":
        monkeypatch.setattr(chain, "derived_key", lambda purpose: b"jingwang" * 4)
    prev, mac_at = GENESIS, COLUMNS.index("mac")
    for seq in range(1, 7):
        values = _row_values(seq)
        if key == "unkeyed SHA-256":
            digest = hashlib.sha256(prev.encode() + b"\n" + chain.canonical(values)).hexdigest()
        else:
            values[mac_at] = chain.row_mac(values[1:mac_at])  # a fresh row MAC under the same guess
            digest = chain.link(prev, values)
        _raw(
            f"UPDATE {TABLE} SET mac = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            [values[mac_at], prev, digest, seq],
        )
        prev = digest
    monkeypatch.undo()
    code, out = _verify_command(capsys)
    assert code == 1 and "BROKEN at event #1: hash does not match the row" in out


def test_a_verbatim_copy_of_a_genuine_unsealed_row_is_refused() -> None:
    with transaction.atomic():
        audit_record(action="test.event", object_id="genuine")
    columns = ", ".join([*ROW_COLUMNS, "mac", "prev_hash", "hash"])
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw(f"INSERT INTO {TABLE} ({columns}) SELECT {columns} FROM {TABLE} WHERE object_id = 'genuine'")


def test_a_copied_row_is_named_even_when_the_unique_index_was_dropped(capsys: Any) -> None:
    _a_verified_trail(capsys, 2)
    _raw("DROP INDEX audit_mac_unique")
    with transaction.atomic():
        audit_record(action="registry.person.reveal", object_id="7")
    columns = ", ".join([*ROW_COLUMNS, "mac", "prev_hash", "hash"])
    _raw(f"INSERT INTO {TABLE} ({columns}) SELECT {columns} FROM {TABLE} WHERE action = 'registry.person.reveal'")
    code, out = _verify_command(capsys)
    assert code == 1 and "BROKEN at event #4: event #4 is a copy of another event" in out


def test_an_edited_checkpoint_file_is_not_trusted(capsys: Any) -> None:
    _a_verified_trail(capsys, 5)
    path = checkpoints.checkpoint_path()
    line = json.loads(path.read_bytes().splitlines()[-1])
    path.write_text(json.dumps({**line, "seq": 2}) + "\n")  # someone tries to move the head back
    code, out = _verify_command(capsys)
    assert code == 1 and "BROKEN: checkpoint cannot be trusted" in out and "not signed" in out


def test_checkpoints_are_signed_lines_appended_per_database_and_never_go_backwards(capsys: Any) -> None:
    _a_verified_trail(capsys, 3)
    _fill(2)
    _verify_command(capsys)
    path = checkpoints.checkpoint_path()
    assert path.parent == django_settings.AUDIT_CHECKPOINT_DIR and path.name.startswith(connection.vendor)
    lines = [json.loads(line) for line in path.read_bytes().splitlines()]
    assert [(c["seq"], c["count"]) for c in lines] == [(3, 3), (5, 5)]
    assert lines[-1]["hash"] == AuditEvent.objects.get(seq=5).hash and len(lines[-1]["sig"]) == 64
    assert lines[-1]["db"] == checkpoints.database_identity()
    assert checkpoints.write(count=4, seq=4, head_hash="x") is None  # an older head is not appended
    assert len(path.read_bytes().splitlines()) == 2
    assert (path.stat().st_mode & 0o777) == 0o600


def test_without_any_checkpoint_verify_says_so_and_starts_one(capsys: Any) -> None:
    _fill(3)
    audit_seal()
    checkpoints.retire()
    code, out = _verify_command(capsys)
    assert code == 0 and "NOTE no earlier checkpoint" in out
    assert checkpoints.latest().seq == 3  # type: ignore[union-attr]


def test_the_sealer_writes_a_checkpoint_when_one_is_due(settings: Any) -> None:
    settings.AUDIT_CHECKPOINT_SECONDS = 0
    _fill(2)
    audit_seal()
    first = checkpoints.latest()
    assert first is not None and first.seq == 2
    settings.AUDIT_CHECKPOINT_SECONDS = 3600
    _fill(2)
    audit_seal()
    assert checkpoints.latest() == first  # not due yet


def test_every_kind_of_value_a_service_writes_keeps_its_mac_through_the_database() -> None:
    """The MAC is computed from what the service writes and checked on what the database gives
    back: JSON numbers, nesting, tuples, Chinese text and empty values must not change it."""
    details = {"big": 1e16, "whole": 5.0, "tiny": 1e-7, "pi": 3.14159, "n": 2**60, "t": (1, "二"), "x": {"y": [None]}}
    with transaction.atomic():
        audit_record(
            action="test.values",
            object_type="registry.person",
            object_id=12,
            query={"q": "张三 zhang", "page": 2},
            result_count=0,
            purpose="上门核查",
            details=details,
            occurred_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        )
        audit_record(action="test.empty")
    assert audit_seal() == 2
    assert audit_verify(seal=False).ok


def test_a_checkpoint_write_cut_short_by_a_crash_leaves_the_last_whole_one_in_force(capsys: Any) -> None:
    _a_verified_trail(capsys, 3)
    path = checkpoints.checkpoint_path()
    with path.open("ab") as handle:
        handle.write(b'{"count": 9, "db": ')  # the machine lost power in the middle of a line
    assert checkpoints.latest().seq == 3  # type: ignore[union-attr]
    _fill(1)
    code, out = _verify_command(capsys)
    assert code == 0 and out.startswith("OK 4 events") and checkpoints.latest().seq == 4  # type: ignore[union-attr]


def test_the_demo_sets_aside_the_checkpoints_of_a_demo_database_deleted_and_started_again(capsys: Any) -> None:
    from jingwang.demo.management.commands.demo import Command

    _a_verified_trail(capsys, 3)
    path = checkpoints.checkpoint_path()
    Command(stdout=io.StringIO())._new_database_new_checkpoints()
    assert path.exists()  # a database whose trail holds events keeps its checkpoints
    _raw(f"DELETE FROM {TABLE}")  # (the demo's database file deleted, a new one created)
    out = io.StringIO()
    Command(stdout=out)._new_database_new_checkpoints()
    assert not path.exists() and "set aside" in out.getvalue()
    assert [p.name.startswith(path.name + ".retired-") for p in path.parent.iterdir()] == [True]


def test_the_verify_page_shows_the_auditor_a_truncated_trail_in_their_language(world: Any, client: Any) -> None:
    from jingwang.testing import sign_in

    sign_in(client, world.users["auditor"])
    assert "校验通过" in client.post("/audit/verify/").content.decode()
    head = AuditEvent.objects.filter(seq__isnull=False).order_by("-seq").first()
    _raw(f"DELETE FROM {TABLE} WHERE seq = %s", [head.seq])  # type: ignore[union-attr]
    page = client.post("/audit/verify/").content.decode()
    # (the page's own read of the trail is sealed in the deleted row's place; the checkpoint tells)
    assert f"哈希链在事件 #{head.seq} 处断裂" in page and "与" in page and "的检查点不符" in page  # type: ignore[union-attr]
