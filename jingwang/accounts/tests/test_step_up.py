"""Step-up re-authentication (SECURITY 11, 30): failures count with sign-in failures, sign-in is not a
step-up, and every route refuses in one shape, with one status, in the user's language."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jingwang.accounts.models import RoleAssignment, User
from jingwang.accounts.stepup import REAUTH_AT
from jingwang.audit.models import AuditEvent
from jingwang.core.identity import synthetic_id_number
from jingwang.registry.models import Person
from jingwang.registry.services import persons
from jingwang.testing import PASSWORD, World, sign_in

WRONG = "not-the-password-1"
ZH_REQUIRED = "此操作需要再次确认密码（X-Reauth-Password）或动态口令（X-Reauth-OTP）。"
ZH_FAILED = "密码或动态口令错误，或账号已被锁定。"
EN_FAILED = "The password or one-time code is wrong, or the account is locked."


@pytest.fixture
def person(world: World) -> Person:
    data = {
        "name": "甲居民",
        "id_number": synthetic_id_number(region="320106", birth=date(1985, 3, 7), seq=111),
        "phone": "13812345678",
    }
    return persons.person_create(by=None, grid=world.node("grid:320106001001001"), data=data)


def _api(user: User, password: str | None = None) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    if password is not None:
        client.credentials(HTTP_X_REAUTH_PASSWORD=password)
    return client


def _locked(user: User) -> bool:
    until = User.objects.get(pk=user.pk).locked_until
    return until is not None and until > timezone.now()


def test_twelve_wrong_reveal_passwords_lock_the_account_and_then_the_right_one_is_refused(
    world: World, person: Person
) -> None:
    url = f"/api/v1/persons/{person.pk}/reveal/"
    body = {"field": "phone", "purpose": "上门核查"}
    for _ in range(12):
        wrong = _api(world.officer_a, WRONG).post(url, body, format="json")
        assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "reauth_failed"
    assert _locked(world.officer_a)
    right = _api(world.officer_a, PASSWORD).post(url, body, format="json")
    assert right.status_code == 403 and right.json()["error"]["code"] == "reauth_failed"
    assert "13812345678" not in right.content.decode()
    assert not AuditEvent.objects.filter(action="registry.person.reveal").exists()
    assert AuditEvent.objects.filter(action="auth.lockout", object_id=str(world.officer_a.pk)).exists()
    failures = AuditEvent.objects.filter(action="auth.reauth", actor=world.officer_a, outcome="failure")
    assert failures.count() == 13 and failures.filter(details__reason="locked").count() == 8


def test_step_up_failures_count_with_sign_in_failures(world: World, person: Person, settings: Any) -> None:
    settings.REQUIRE_MFA = False
    url = f"/api/v1/persons/{person.pk}/reveal/"
    for _ in range(3):
        _api(world.officer_a, WRONG).post(url, {"field": "phone", "purpose": "核查"}, format="json")
    for _ in range(2):
        APIClient().post("/api/v1/auth/token/", {"username": "officer_a", "password": WRONG}, format="json")
    assert _locked(world.officer_a)
    token = APIClient().post("/api/v1/auth/token/", {"username": "officer_a", "password": PASSWORD}, format="json")
    assert token.status_code == 400 and token.json()["error"]["code"] == "sign_in_failed"


def test_wrong_passwords_on_the_confirm_page_lock_the_account(world: World, person: Person, client: Any) -> None:
    sign_in(client, world.officer_a)
    for _ in range(5):
        page = client.post("/accounts/confirm/", {"password": WRONG, "next": "/"})
        assert page.status_code == 200 and ZH_FAILED in page.content.decode()
    assert _locked(world.officer_a)
    refused = client.post("/accounts/confirm/", {"password": PASSWORD, "next": "/"})
    assert refused.status_code == 200 and REAUTH_AT not in client.session
    export = client.get("/registry/persons/", {"export": "csv"})
    assert export.status_code == 302 and export["Location"].startswith("/accounts/confirm/")


def test_wrong_current_passwords_on_the_change_password_page_lock_the_account(world: World, client: Any) -> None:
    sign_in(client, world.officer_a)
    change = {"new_password": "Quiet-River-77", "new_password2": "Quiet-River-77"}
    for _ in range(5):
        client.post("/accounts/password/", {"old_password": WRONG, **change})
    assert _locked(world.officer_a)
    page = client.post("/accounts/password/", {"old_password": PASSWORD, **change}, follow=True)
    assert "当前密码错误，或账号已被锁定。" in page.content.decode()
    assert User.objects.get(pk=world.officer_a.pk).check_password(PASSWORD)


def test_an_export_right_after_signing_in_asks_for_the_password_again(
    world: World, person: Person, client: Any, settings: Any
) -> None:
    settings.REQUIRE_MFA = False
    signed_in = client.post("/accounts/login/", {"username": "officer_a", "password": PASSWORD})
    assert signed_in.status_code == 302 and client.session["_auth_user_id"] == str(world.officer_a.pk)
    page = client.get("/registry/persons/", {"export": "csv"})
    assert page.status_code == 302 and page["Location"].startswith("/accounts/confirm/?next=")
    api = client.get("/api/v1/persons/export/", {"as": "csv"})
    assert api.status_code == 403 and api.json()["error"]["code"] == "reauth_required"
    assert not AuditEvent.objects.filter(action="registry.person.export").exists()
    client.post("/accounts/confirm/", {"password": PASSWORD, "next": "/"})
    assert client.get("/registry/persons/", {"export": "csv"}).status_code == 200


def test_a_confirmation_on_the_page_is_a_step_up_for_a_few_minutes(
    world: World, person: Person, client: Any, settings: Any
) -> None:
    sign_in(client, world.officer_a)
    done = client.post("/accounts/confirm/", {"password": PASSWORD, "next": f"/registry/persons/{person.pk}/"})
    assert done.status_code == 302 and done["Location"] == f"/registry/persons/{person.pk}/"
    assert client.get("/api/v1/persons/export/", {"as": "csv"}).status_code == 200
    session = client.session
    session[REAUTH_AT] -= settings.REAUTH_MAX_AGE.total_seconds() + 1
    session.save()
    assert client.get("/api/v1/persons/export/", {"as": "csv"}).status_code == 403


def test_a_right_answer_clears_earlier_failures(world: World, person: Person) -> None:
    url = f"/api/v1/persons/{person.pk}/reveal/"
    body = {"field": "phone", "purpose": "核查"}
    for _ in range(4):
        _api(world.officer_a, WRONG).post(url, body, format="json")
    assert _api(world.officer_a, PASSWORD).post(url, body, format="json").status_code == 200
    for _ in range(4):
        _api(world.officer_a, WRONG).post(url, body, format="json")
    assert not _locked(world.officer_a)


def _step_up_routes(world: World, person: Person) -> list[tuple[User, str, str, dict[str, Any]]]:
    """(user, method, url, body) of every API route behind a step-up."""
    from jingwang.disputes.services import intake

    dispute = intake.dispute_report(
        by=world.grid_a1,
        data={"title": "楼上漏水纠纷", "summary": "漏水", "kind": "neighbours"},
        source="grid",
        grid=world.node("grid:320106001001001"),
        parties=[intake.PartyIn(role="applicant", name="张三", phone="13812345678")],
    )
    party = dispute.parties.get()
    return [
        (world.officer_a, "post", f"/api/v1/persons/{person.pk}/reveal/", {"field": "phone", "purpose": "核查"}),
        (world.officer_a, "get", "/api/v1/persons/export/?as=csv", {}),
        (world.officer_a, "get", "/api/v1/disputes/export/?as=csv", {}),
        (
            world.officer_a,
            "post",
            f"/api/v1/disputes/{dispute.pk}/parties/{party.pk}/reveal/",
            {"purpose": "电话联系"},
        ),
        (
            world.secadmin_b,
            "post",
            "/api/v1/accounts/role-assignments/",
            {"user": world.grid_b1.pk, "role": "volunteer", "node": "community:320106001002"},
        ),
        (world.secadmin, "patch", f"/api/v1/accounts/users/{world.grid_b1.pk}/", {"is_active": False}),
    ]


def test_reauth_errors_have_one_status_one_shape_and_the_users_language(world: World, person: Person) -> None:
    for user, method, url, body in _step_up_routes(world, person):
        for password, code, message in [(None, "reauth_required", ZH_REQUIRED), (WRONG, "reauth_failed", ZH_FAILED)]:
            response = getattr(_api(user, password), method)(url, body, format="json", HTTP_IF_MATCH='"1"')
            assert response.status_code == 403, (url, response.status_code)
            assert response.json() == {"error": {"code": code, "message": message}}, url
        english = getattr(_api(user, WRONG), method)(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert english.json()["error"]["message"] == EN_FAILED
    assert not RoleAssignment.objects.filter(user=world.grid_b1, role="volunteer").exists()
    assert User.objects.get(pk=world.grid_b1.pk).is_active
