"""Sign-in and token requests are throttled per address as well as per account (SECURITY 30)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from jingwang.accounts import services
from jingwang.accounts.models import AddressThrottle
from jingwang.audit.models import AuditEvent
from jingwang.testing import PASSWORD, World

TOKEN = "/api/v1/auth/token/"
WRONG = "not-the-password-1"
ZH_THROTTLED = "您所在网络地址的登录失败次数过多，请 15 分钟后再试。"


@pytest.fixture(autouse=True)
def no_mfa(settings: Any) -> None:
    settings.REQUIRE_MFA = False


def _spray(client: APIClient, world: World, count: int = 20, **extra: Any) -> None:
    """One wrong password for each of `count` accounts (real ones first, then unknown names)."""
    names = [*sorted(world.users), *(f"ghost{i}" for i in range(count))][:count]
    for name in names:
        response = client.post(TOKEN, {"username": name, "password": WRONG}, format="json", **extra)
        assert response.status_code == 400 and response.json()["error"]["code"] == "sign_in_failed"


def test_spraying_twenty_accounts_from_one_address_is_throttled_with_429(world: World) -> None:
    client = APIClient()
    _spray(client, world)
    refused = client.post(TOKEN, {"username": "officer_a", "password": PASSWORD}, format="json")
    assert refused.status_code == 429
    assert refused.json() == {"error": {"code": "throttled", "message": ZH_THROTTLED}}
    assert 0 < int(refused["Retry-After"]) <= 15 * 60
    english = client.post(TOKEN, {"username": "officer_a", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["error"]["message"].startswith("Too many failed sign-ins from your network address.")
    page = client.post("/accounts/login/", {"username": "officer_a", "password": PASSWORD})
    assert page.status_code == 429 and int(page["Retry-After"]) > 0
    assert ZH_THROTTLED in page.content.decode() and "_auth_user_id" not in client.session
    block = AuditEvent.objects.get(action="auth.throttle")
    assert block.outcome == "denied" and block.source_address == "127.0.0.1"
    assert AuditEvent.objects.filter(action="auth.sign_in", details__reason="throttled").exists()


def test_accounts_are_not_locked_by_a_spray_but_the_address_is(world: World) -> None:
    _spray(APIClient(), world)
    assert all(u.locked_until is None for u in type(world.officer_a).objects.all())
    other = APIClient(REMOTE_ADDR="10.0.0.2")
    assert other.post(TOKEN, {"username": "officer_a", "password": PASSWORD}, format="json").status_code == 201


def test_fewer_failures_than_the_limit_are_not_throttled(world: World, settings: Any) -> None:
    client = APIClient()
    _spray(client, world, count=settings.SIGN_IN_ADDRESS_LIMIT - 1)
    assert client.post(TOKEN, {"username": "officer_a", "password": PASSWORD}, format="json").status_code == 201


def test_the_block_ends_after_the_window(world: World) -> None:
    client = APIClient()
    _spray(client, world)
    with time_machine.travel(timezone.now() + timedelta(minutes=15, seconds=1)):
        assert client.post(TOKEN, {"username": "officer_a", "password": PASSWORD}, format="json").status_code == 201


def test_refused_attempts_are_audited_at_most_once_a_minute_with_their_count(world: World) -> None:
    client = APIClient()
    _spray(client, world)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(3):
            assert client.post(TOKEN, {"username": "x", "password": WRONG}, format="json").status_code == 429
        rows = AuditEvent.objects.filter(action="auth.sign_in", details__reason="throttled").order_by("id")
        assert [(r.details or {}).get("refused") for r in rows.all()] == [1]
        clock.shift(timedelta(seconds=61))
        assert client.post(TOKEN, {"username": "x", "password": WRONG}, format="json").status_code == 429
        assert [(r.details or {}).get("refused") for r in rows.all()] == [1, 3]


def test_behind_the_proxy_the_address_is_the_one_the_proxy_added(world: World, settings: Any) -> None:
    settings.BEHIND_PROXY = True
    client = APIClient()
    _spray(client, world, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.5")
    spoofed = client.post(
        TOKEN, {"username": "officer_a", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5"
    )
    assert spoofed.status_code == 429
    other = client.post(TOKEN, {"username": "officer_a", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert other.status_code == 201
    assert AuditEvent.objects.get(action="auth.throttle").source_address == "203.0.113.5"


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.5", "203.0.113.5"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.5", "203.0.113.5"),
        ("", ""),
    ],
)
def test_one_ipv6_subscriber_network_counts_as_one_address(address: str, key: str) -> None:
    assert services._address_key(address) == key


def test_housekeeping_forgets_old_throttles_and_dead_tokens(world: World) -> None:
    from jingwang.accounts.models import ApiToken

    _spray(APIClient(), world, count=3)
    live, _ = services.token_issue(user=world.officer_a)
    services.token_issue(user=world.officer_b)
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=20)):
        assert APIClient(HTTP_AUTHORIZATION=f"Bearer {live}").get("/api/v1/me/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=31)):
        assert services.address_throttles_purge() == 1 and not AddressThrottle.objects.exists()
        assert services.tokens_purge() == 1
        assert list(ApiToken.objects.values_list("user", flat=True)) == [world.officer_a.pk]
