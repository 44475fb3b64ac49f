from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import translation
from rest_framework.test import APIClient

from jingwang.audit.models import AuditEvent
from jingwang.audit.services import audit_record, audit_seal, audit_verify
from jingwang.testing import World


def _fill(n: int = 6) -> None:
    for i in range(n):
        with transaction.atomic():
            audit_record(action="test.event", object_type="t", object_id=str(i), details={"i": i, "名": "测试"})
    audit_seal()


def _raw(sql: str, params: list[Any]) -> None:
    """Tamper with the trail underneath the application, as an intruder with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_chain_of_untouched_events_verifies() -> None:
    _fill()
    result = audit_verify()
    assert result.ok and result.checked == 6 and result.head_seq == 6


@pytest.mark.django_db(transaction=True)
def test_verify_names_an_edited_row() -> None:
    _fill()
    with transaction.atomic():
        _raw("UPDATE audit_auditevent SET object_id = %s WHERE seq = %s", ["tampered", 3])
    with translation.override("en"):
        result = audit_verify()
    assert not result.ok and result.first_bad_seq == 3 and "edited" in result.problem


@pytest.mark.django_db(transaction=True)
def test_verify_names_the_row_after_a_deleted_one() -> None:
    _fill()
    with transaction.atomic():
        _raw("DELETE FROM audit_auditevent WHERE seq = %s", [4])
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 5


@pytest.mark.django_db(transaction=True)
def test_verify_detects_reordered_rows() -> None:
    _fill()
    with transaction.atomic():
        # Swap the positions of rows 2 and 5 by renumbering them.
        _raw("UPDATE audit_auditevent SET seq = -2 WHERE seq = 2", [])
        _raw("UPDATE audit_auditevent SET seq = 2 WHERE seq = 5", [])
        _raw("UPDATE audit_auditevent SET seq = 5 WHERE seq = -2", [])
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 2


@pytest.mark.django_db(transaction=True)
def test_audit_verify_command_exits_non_zero_on_a_break(capsys: Any) -> None:
    _fill()
    call_command("audit", "verify")
    assert capsys.readouterr().out.startswith("OK 6 events")
    with transaction.atomic():
        _raw("UPDATE audit_auditevent SET action = %s WHERE seq = %s", ["x", 2])
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    assert exit_info.value.code == 1
    assert "BROKEN at event #2" in capsys.readouterr().out


@pytest.mark.django_db
def test_events_join_the_chain_in_the_order_they_were_written_when_sealed() -> None:
    for i in range(3):
        with transaction.atomic():
            audit_record(action="test.event", object_id=str(i))
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == [None, None, None]
    assert audit_seal() == 3 and audit_seal() == 0
    rows = list(AuditEvent.objects.order_by("id").values_list("object_id", "seq"))
    assert rows == [("0", 1), ("1", 2), ("2", 3)]
    first, second = AuditEvent.objects.order_by("seq")[:2]
    assert second.prev_hash == first.hash and len(first.hash) == 64


@pytest.mark.django_db
def test_verify_seals_what_is_committed_and_reports_nothing_pending() -> None:
    with transaction.atomic():
        audit_record(action="test.event")
    result = audit_verify()
    assert result.ok and result.checked == 1 and result.pending == 0


@pytest.mark.django_db
def test_sealing_in_small_batches_gives_the_same_chain() -> None:
    for i in range(7):
        with transaction.atomic():
            audit_record(action="test.event", object_id=str(i))
    assert audit_seal(batch=3) == 7
    assert audit_verify(seal=False).ok


@pytest.mark.django_db
def test_application_cannot_update_or_delete_events() -> None:
    _fill(1)
    event = AuditEvent.objects.get()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the trigger exists on PostgreSQL")
@pytest.mark.parametrize(
    "sql", ["UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent", "TRUNCATE audit_auditevent"]
)
def test_postgresql_trigger_refuses_changes_to_the_trail(sql: str) -> None:
    _fill(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.filter(action="test.event").count() == 1


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the trigger exists on PostgreSQL")
def test_postgresql_trigger_lets_sealing_through_but_not_an_edit_of_an_unsealed_row() -> None:
    with transaction.atomic():
        audit_record(action="test.event", object_id="before")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_id = 'after', seq = 99, hash = 'x' WHERE seq IS NULL")
    assert audit_seal() == 1
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET seq = 2 WHERE seq = 1")
    assert audit_verify().ok


@pytest.mark.django_db
def test_a_failed_business_write_leaves_no_audit_event() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(action="test.rolled_back")
        raise RuntimeError("the business write failed")
    assert not AuditEvent.objects.filter(action="test.rolled_back").exists()


def test_only_the_audit_admin_reads_the_trail_and_each_read_is_audited(world: World) -> None:
    for name in ("sysadmin", "secadmin", "officer_a", "leader"):
        client = APIClient()
        client.force_authenticate(world.users[name])
        assert client.get("/api/v1/audit-events/").status_code == 403
    client = APIClient()
    client.force_authenticate(world.users["auditor"])
    response = client.get("/api/v1/audit-events/", {"action": "accounts.user.create"})
    assert response.status_code == 200
    assert {e["action"] for e in response.json()["results"]} == {"accounts.user.create"}
    read = AuditEvent.objects.filter(action="audit.read").order_by("-id").first()
    assert read is not None and read.actor_id == world.users["auditor"].pk
    assert read.query == {"action": "accounts.user.create"} and read.result_count == len(response.json()["results"])


def test_audit_pages_are_for_the_audit_admin_only(world: World, client: Any) -> None:
    from jingwang.testing import sign_in

    sign_in(client, world.users["secadmin"])
    assert client.get("/audit/").status_code == 403
    sign_in(client, world.users["auditor"])
    page = client.get("/audit/", {"action": "accounts"})
    assert page.status_code == 200 and "accounts.user.create" in page.content.decode()
    verify = client.post("/audit/verify/")
    assert verify.status_code == 200 and 'data-testid="verify-result"' in verify.content.decode()


def test_sign_in_attempts_are_audited_with_source_and_outcome(world: World, client: Any) -> None:
    client.post("/accounts/login/", {"username": "officer_a", "password": "wrong-password"}, REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.filter(action="auth.sign_in").order_by("-id").first()
    assert event is not None
    assert (event.outcome, event.actor_username, event.source, event.source_address) == (
        "failure",
        "officer_a",
        "web",
        "10.1.2.3",
    )
    assert event.request_id and event.details == {"reason": "bad_password"}


def test_counting_audit_events_is_itself_an_audited_read_of_the_trail(world: World) -> None:
    client = APIClient()
    client.force_authenticate(world.users["auditor"])
    response = client.get("/api/v1/audit-events/count/", {"action": "accounts.user.create"})
    assert response.status_code == 200
    read = AuditEvent.objects.filter(action="audit.read").get()
    assert read.actor_id == world.users["auditor"].pk and read.result_count == response.json()["count"]
    assert read.query == {"action": "accounts.user.create", "count": True}
