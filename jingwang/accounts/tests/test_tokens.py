"""API tokens end when idle and are named in the audit trail; the API's description needs sign-in
outside the demo (SECURITY 10, 12, 30)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from jingwang.accounts import services
from jingwang.accounts.models import ApiToken
from jingwang.audit.models import AuditEvent
from jingwang.testing import PASSWORD, World, sign_in


def _bearer(token: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_unused_for_the_idle_time_is_refused_and_the_refusal_names_it(world: World) -> None:
    key, _ = services.token_issue(user=world.officer_a)
    token = ApiToken.objects.get(user=world.officer_a)
    assert _bearer(key).get("/api/v1/me/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        refused = _bearer(key).get("/api/v1/me/")
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "not_authenticated"
    event = AuditEvent.objects.get(action="auth.token.refused")
    assert (event.object_type, event.object_id, event.details) == (
        "accounts.apitoken",
        str(token.pk),
        {"reason": "idle", "user": world.officer_a.pk},
    )
    assert event.actor_username == "officer_a" and key not in str(event.details)
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert _bearer(key).get("/api/v1/me/").status_code == 401
    assert AuditEvent.objects.filter(action="auth.token.refused").count() == 1  # a retry loop adds nothing


def test_a_token_in_use_stays_alive_past_the_idle_time(world: World) -> None:
    key, _ = services.token_issue(user=world.officer_a)
    start = timezone.now()
    for minutes in (20, 40, 60):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert _bearer(key).get("/api/v1/me/").status_code == 200


def test_the_idle_time_is_a_setting(world: World, settings: Any) -> None:
    settings.API_TOKEN_IDLE_TIMEOUT = timedelta(minutes=5)
    key, _ = services.token_issue(user=world.officer_a)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert _bearer(key).get("/api/v1/me/").status_code == 401


def test_last_use_is_written_at_most_once_a_minute(world: World) -> None:
    key, _ = services.token_issue(user=world.officer_a)
    client = _bearer(key)
    client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/me/")
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]


def test_token_audit_rows_name_the_token_never_the_secret(world: World, settings: Any) -> None:
    settings.REQUIRE_MFA = False
    issued = APIClient().post("/api/v1/auth/token/", {"username": "officer_a", "password": PASSWORD}, format="json")
    key = issued.json()["token"]
    token = ApiToken.objects.get(user=world.officer_a)
    event = AuditEvent.objects.get(action="auth.token.issue")
    assert (event.object_type, event.object_id, event.actor_id) == ("accounts.apitoken", str(token.pk), token.user_id)
    assert _bearer(key).get("/api/v1/persons/").status_code == 200
    read = AuditEvent.objects.filter(action="registry.person.list").latest("id")
    assert read.session_ref == f"token:{token.pk}"
    rows = list(AuditEvent.objects.values_list("object_id", "session_ref", "details", "query"))
    assert key not in str(rows) and token.key_hash not in str(rows)


def test_schema_and_docs_need_a_signed_in_staff_user_outside_the_demo(world: World, client: Any) -> None:
    anonymous = APIClient()
    schema = anonymous.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 401 and json.loads(schema.content)["error"]["code"] == "not_authenticated"
    docs = anonymous.get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"] == "/accounts/login/?next=/api/docs/"
    resident = APIClient()
    resident.force_authenticate(world.resident)
    assert resident.get("/api/schema/").status_code == 403
    key, _ = services.token_issue(user=world.officer_a)
    assert _bearer(key).get("/api/schema/").status_code == 200
    sign_in(client, world.grid_a1)
    assert client.get("/api/docs/").status_code == 200 and client.get("/api/schema/").status_code == 200


def test_schema_and_docs_are_open_in_the_demo(db: Any, settings: Any) -> None:
    settings.DEMO = True
    assert APIClient().get("/api/schema/").status_code == 200
    assert APIClient().get("/api/docs/").status_code == 200


def test_the_schema_describes_bearer_tokens_and_the_session_cookie(world: World, client: Any) -> None:
    schema = json.loads(sign_in(client, world.officer_a).get("/api/schema/", {"format": "json"}).content)
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearerAuth"]["scheme"] == "bearer"
    assert schemes["sessionAuth"] == {"type": "apiKey", "in": "cookie", "name": "jingwang_session"}


def _counting_grant_loader(monkeypatch: Any) -> list[int]:
    from jingwang.core import access

    calls: list[int] = []
    loader = access._grant_loader[0]

    def counted(user: Any) -> Any:
        calls.append(user.pk)
        return loader(user)

    monkeypatch.setattr(access, "_grant_loader", [counted])
    return calls


def test_a_bearer_request_uses_the_grants_read_with_its_token(world: World, monkeypatch: Any) -> None:
    key, _ = services.token_issue(user=world.officer_a)
    calls = _counting_grant_loader(monkeypatch)
    listed = _bearer(key).get("/api/v1/persons/")
    checked = _bearer(key).post("/api/v1/verify/", {"id_number": "110101199003074477"}, format="json")
    assert listed.status_code == 200 and checked.status_code == 200
    # PostgreSQL reads token, user and grants in one statement, and the scoped views keep them;
    # SQLite (no round trips to save) loads the grants once per request.
    assert calls == ([] if connection.vendor == "postgresql" else [world.officer_a.pk] * 2)


def test_grants_a_user_object_brought_from_before_are_read_again(world: World, monkeypatch: Any) -> None:
    from jingwang.accounts.models import RoleAssignment
    from jingwang.core.access import grants

    officer = world.officer_a
    assert grants(officer)  # cached on this object
    client = APIClient()
    client.force_authenticate(officer)
    assert client.get("/api/v1/persons/").status_code == 200
    RoleAssignment.objects.filter(user=officer).delete()  # behind the object's back
    calls = _counting_grant_loader(monkeypatch)
    assert client.get("/api/v1/persons/").status_code == 403
    assert calls == [officer.pk]
