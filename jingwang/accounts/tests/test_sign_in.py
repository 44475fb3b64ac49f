from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pyotp
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jingwang.accounts import services
from jingwang.accounts.middleware import SEEN_AT
from jingwang.accounts.models import User
from jingwang.audit.models import AuditEvent
from jingwang.core import crypto
from jingwang.core.errors import ServiceError
from jingwang.testing import PASSWORD, World, sign_in

FAILED = "The user name or password is wrong, or the account is locked."


def _login(client: Any, username: str, password: str) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def no_mfa(settings: Any) -> None:
    settings.REQUIRE_MFA = False


def test_staff_sign_in_lands_on_their_home_page_in_chinese(world: World, client: Any, no_mfa: None) -> None:
    response = client.post("/accounts/login/", {"username": "officer_a", "password": PASSWORD}, follow=True)
    body = response.content.decode()
    assert 'data-role="community_officer"' in body and "社区民警" in body


def test_session_id_rotates_at_sign_in(world: World, client: Any, no_mfa: None) -> None:
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    _login(client, "officer_a", PASSWORD)
    assert client.session.session_key != before


def test_unknown_user_and_wrong_password_look_the_same(world: World, client: Any, no_mfa: None) -> None:
    unknown = _login(client, "nobody-here", PASSWORD)
    wrong = _login(client, "officer_a", "not-the-password")
    assert unknown.status_code == wrong.status_code == 200
    assert FAILED in unknown.content.decode() and FAILED in wrong.content.decode()


def test_five_failures_lock_the_account_even_for_the_right_password(world: World, client: Any, no_mfa: None) -> None:
    for _ in range(5):
        _login(client, "officer_a", "not-the-password")
    user = User.objects.get(username="officer_a")
    assert user.locked_until is not None and user.locked_until > timezone.now()
    response = _login(client, "officer_a", PASSWORD)
    assert FAILED in response.content.decode() and "_auth_user_id" not in client.session


def test_lock_expires_after_the_configured_time(world: World, client: Any, no_mfa: None) -> None:
    User.objects.filter(username="officer_a").update(locked_until=timezone.now() - timedelta(seconds=1))
    response = _login(client, "officer_a", PASSWORD)
    assert response.status_code == 302


def test_required_second_factor_is_enrolled_then_asked_for(world: World, client: Any, settings: Any) -> None:
    settings.REQUIRE_MFA = True
    response = _login(client, "officer_a", PASSWORD)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/mfa/")
    assert "_auth_user_id" not in client.session  # not signed in before the second factor
    page = client.get("/accounts/mfa/").content.decode()
    secret = page.split('data-testid="mfa-secret">')[1].split("<")[0]
    done = client.post("/accounts/mfa/", {"otp": pyotp.TOTP(secret).now()})
    assert done.status_code == 302 and client.session["_auth_user_id"] == str(world.officer_a.pk)
    user = User.objects.get(pk=world.officer_a.pk)
    assert user.mfa_enabled and secret not in user.mfa_secret  # stored encrypted
    event = AuditEvent.objects.filter(action="auth.sign_in").order_by("-id").first()
    assert event is not None and (event.outcome, event.actor_id) == ("success", user.pk)
    assert event.details == {"second_factor": "enrol"}
    assert crypto.decrypt(user.mfa_secret, context="accounts.user.mfa_secret") == secret


def test_wrong_codes_count_towards_the_lockout(world: World, client: Any, settings: Any) -> None:
    settings.REQUIRE_MFA = True
    _login(client, "officer_a", PASSWORD)
    client.get("/accounts/mfa/")
    for _ in range(5):
        client.post("/accounts/mfa/", {"otp": "000000"})
    assert User.objects.get(pk=world.officer_a.pk).locked_until is not None
    assert "_auth_user_id" not in client.session


def test_one_time_code_cannot_be_replayed(world: World) -> None:
    services.mfa_enrol_start(user=world.officer_a)
    user = User.objects.get(pk=world.officer_a.pk)
    totp = pyotp.TOTP(crypto.decrypt(user.mfa_secret, context="accounts.user.mfa_secret"))
    code = totp.now()
    assert services.mfa_enrol_confirm(user=user, otp=code)
    assert not services.step_up_check(user=User.objects.get(pk=user.pk), otp=code)


def test_idle_session_ends_after_thirty_minutes(world: World, client: Any) -> None:
    sign_in(client, world.officer_a)
    assert client.get("/").status_code == 200
    session = client.session
    session[SEEN_AT] = time.time() - 31 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "expired=1" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_disabling_a_user_ends_their_sessions_and_tokens(world: World, client: Any) -> None:
    sign_in(client, world.grid_b1)
    token, _ = services.token_issue(user=world.grid_b1)
    bearer = APIClient(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bearer.get("/api/v1/me/").status_code == 200
    services.user_set_active(by=world.secadmin_b, user_id=world.grid_b1.pk, active=False)
    assert client.get("/").status_code == 302
    assert bearer.get("/api/v1/me/").status_code == 401


def test_demoting_a_user_ends_their_sessions(world: World, client: Any) -> None:
    sign_in(client, world.grid_b1)
    assignment = world.grid_b1.assignments.get()
    services.role_revoke(by=world.secadmin_b, assignment_id=assignment.pk)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    ("password", "reason"),
    [("short1!", "too short"), ("x" * 65, "too long"), ("password123", "too common"), ("officer_a_1", "similar")],
)
def test_weak_passwords_are_refused_with_a_reason(world: World, password: str, reason: str) -> None:
    with pytest.raises(ServiceError) as err:
        services.user_set_password(by=world.officer_a, user_id=world.officer_a.pk, password=password)
    assert err.value.code == "invalid_password" and err.value.message


def test_token_endpoint_issues_a_bearer_token(world: World, settings: Any) -> None:
    settings.REQUIRE_MFA = False
    response = APIClient().post("/api/v1/auth/token/", {"username": "officer_a", "password": PASSWORD}, format="json")
    assert response.status_code == 201 and set(response.json()) == {"token", "expires"}
    me = APIClient(HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}").get("/api/v1/me/")
    assert me.json()["roles"] == [{"role": "community_officer", "node": "police_district:320106001001"}]


def test_token_endpoint_asks_for_the_code_when_enrolled(world: World, settings: Any) -> None:
    settings.REQUIRE_MFA = True
    services.mfa_enrol_start(user=world.officer_a)
    user = User.objects.get(pk=world.officer_a.pk)
    totp = pyotp.TOTP(crypto.decrypt(user.mfa_secret, context="accounts.user.mfa_secret"))
    services.mfa_enrol_confirm(user=user, otp=totp.at(time.time() - 30))
    client = APIClient()
    asked = client.post("/api/v1/auth/token/", {"username": "officer_a", "password": PASSWORD}, format="json")
    assert asked.status_code == 400 and asked.json()["error"]["code"] == "otp_required"
    ok = client.post(
        "/api/v1/auth/token/", {"username": "officer_a", "password": PASSWORD, "otp": totp.now()}, format="json"
    )
    assert ok.status_code == 201


def test_token_endpoint_failure_does_not_say_which_part_was_wrong(world: World) -> None:
    client = APIClient()
    a = client.post("/api/v1/auth/token/", {"username": "ghost", "password": PASSWORD}, format="json")
    b = client.post("/api/v1/auth/token/", {"username": "officer_a", "password": "bad-password"}, format="json")
    assert a.status_code == b.status_code == 400 and a.json() == b.json()
