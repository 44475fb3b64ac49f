"""Residents sign in with a mobile number and a one-time code; limits per number and per address."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jingwang.accounts.models import RoleAssignment, User
from jingwang.audit.models import AuditEvent
from jingwang.core.errors import ServiceError
from jingwang.notifications.sms import MemoryBackend
from jingwang.portal import signin
from jingwang.portal.access import resident_of
from jingwang.portal.models import Resident, SignInCode
from jingwang.portal.tests.conftest import MOBILE_A, MOBILE_NEW, STAFF_MOBILE, code_from_outbox
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, mobile: str, code: str | None = None, **extra: Any) -> Any:
    sent = client.post("/portal/sign-in/", {"mobile": mobile, "next": "/portal/my-data/"}, **extra)
    assert sent.status_code == 302, sent.content.decode()
    return client.post("/portal/sign-in/code/", {"code": code or code_from_outbox(mobile)}, **extra)


def test_a_code_by_text_message_signs_a_new_resident_in_with_their_registry_community(
    world: World, town: dict[str, Any], client: Client
) -> None:
    done = _sign_in(client, MOBILE_A)
    assert done.status_code == 302 and done["Location"] == "/portal/my-data/"
    user = User.objects.get(pk=client.session["_auth_user_id"])
    resident = Resident.objects.get(user=user)
    assert resident.community == world.node("community:320106001001")
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", "node")) == [
        ("resident", world.node("community:320106001001").pk)
    ]
    assert not user.has_usable_password()
    assert user.mobile_number() == MOBILE_A and MOBILE_A not in user.mobile and user.mobile_masked != MOBILE_A
    # Signing in again finds the same account.
    client.logout()
    _sign_in(client, MOBILE_A)
    assert User.objects.get(pk=client.session["_auth_user_id"]) == user
    assert Resident.objects.count() == 1


def test_a_number_the_registry_does_not_know_gets_an_account_without_a_community(world: World, client: Client) -> None:
    _sign_in(client, MOBILE_NEW)
    resident = Resident.objects.get()
    assert resident.community is None and not RoleAssignment.objects.filter(user=resident.user).exists()
    assert client.get("/portal/appointments/").status_code == 200  # still a resident of the portal


def test_only_a_keyed_hash_of_the_code_is_kept_and_the_number_is_logged_masked(world: World) -> None:
    signin.code_send(mobile=MOBILE_NEW)
    code = code_from_outbox(MOBILE_NEW)
    row = SignInCode.objects.get()
    assert code not in row.code_hash and MOBILE_NEW not in row.mobile_index
    sent = AuditEvent.objects.get(action="portal.code.sent")
    assert MOBILE_NEW not in str(sent.details) and "137****0000" in str(sent.details)


def test_a_wrong_code_is_refused_and_after_five_tries_even_the_right_one_fails(world: World) -> None:
    signin.code_send(mobile=MOBILE_NEW)
    code = code_from_outbox(MOBILE_NEW)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(ServiceError) as refused:
            signin.code_check(mobile=MOBILE_NEW, code=wrong)
        assert refused.value.code == "wrong_code"
    with pytest.raises(ServiceError):
        signin.code_check(mobile=MOBILE_NEW, code=code)
    assert not Resident.objects.exists()


def test_an_expired_code_or_an_earlier_code_is_refused(world: World) -> None:
    signin.code_send(mobile=MOBILE_NEW)
    first = code_from_outbox(MOBILE_NEW)
    signin.code_send(mobile=MOBILE_NEW)
    second = code_from_outbox(MOBILE_NEW)
    if first != second:
        with pytest.raises(ServiceError):
            signin.code_check(mobile=MOBILE_NEW, code=first)
    SignInCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ServiceError):
        signin.code_check(mobile=MOBILE_NEW, code=second)


def test_codes_to_one_number_are_limited_with_a_message_saying_when_to_retry(world: World, client: Client) -> None:
    for _ in range(signin.CODES_PER_NUMBER):
        assert client.post("/portal/sign-in/", {"mobile": MOBILE_NEW}).status_code == 302
    refused = client.post("/portal/sign-in/", {"mobile": MOBILE_NEW})
    assert refused.status_code == 200
    assert "尝试次数过多" in refused.content.decode()
    assert len(MemoryBackend.outbox) == signin.CODES_PER_NUMBER


def test_codes_from_one_address_are_limited_across_numbers(world: World, client: Client) -> None:
    for i in range(signin.CODES_PER_ADDRESS):
        signin_post = client.post("/portal/sign-in/", {"mobile": f"1360000{i:04d}"}, REMOTE_ADDR="10.1.2.3")
        assert signin_post.status_code == 302
    refused = client.post("/portal/sign-in/", {"mobile": "13511112222"}, REMOTE_ADDR="10.1.2.3")
    assert "尝试次数过多" in refused.content.decode()
    other = Client().post("/portal/sign-in/", {"mobile": "13511112222"}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302


def test_failed_codes_from_one_address_block_it_for_every_number(world: World, settings: Any) -> None:
    from jingwang.core import context

    token = context.activate(context.RequestContext(source_address="10.7.7.7"))
    try:
        for i in range(signin.FAILURES_PER_ADDRESS):
            with pytest.raises(ServiceError):
                signin.code_check(mobile=f"1350000{i:04d}", code="123456")
        with pytest.raises(ServiceError) as blocked:
            signin.code_send(mobile=MOBILE_NEW)
        assert blocked.value.code == "throttled"
    finally:
        context.deactivate(token)


def test_a_staff_account_never_signs_in_by_code(world: World, town: dict[str, Any], client: Client) -> None:
    # The officer's work mobile leads to a new resident account, never to the officer's account.
    _sign_in(client, STAFF_MOBILE)
    assert int(client.session["_auth_user_id"]) != world.officer_a.pk
    # And an account that holds a staff role is refused even if it had a portal account.
    resident = Resident.objects.get()
    RoleAssignment.objects.create(user=resident.user, role="grid_worker", node=world.node("grid:320106001001001"))
    fresh = Client()
    fresh.post("/portal/sign-in/", {"mobile": STAFF_MOBILE})
    page = fresh.post("/portal/sign-in/code/", {"code": code_from_outbox(STAFF_MOBILE)})
    assert page.status_code == 200 and "_auth_user_id" not in fresh.session
    assert resident_of(resident.user) is None


def test_resident_pages_send_anyone_else_to_the_portal_sign_in(world: World, client: Client) -> None:
    for url in ("/portal/appointments/", "/portal/my-data/"):
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/portal/sign-in/?next=")
    sign_in(client, world.officer_a)
    assert client.get("/portal/my-data/").status_code == 302
    sign_in(client, world.resident)  # a resident account made by staff, without a portal account
    assert client.get("/portal/my-data/").status_code == 302


@pytest.mark.parametrize("mobile", ["", "12345", "1381234567x", "+8613812345678999", "<script>"])
def test_a_bad_number_is_a_clear_message_not_an_error(world: World, client: Client, mobile: str) -> None:
    page = client.post("/portal/sign-in/", {"mobile": mobile})
    assert page.status_code == 200
    html = page.content.decode()
    assert "此项为必填项" in html or "请输入11位手机号码" in html
    assert not MemoryBackend.outbox


def test_the_code_page_without_a_number_goes_back_to_the_first_step(world: World, client: Client) -> None:
    assert client.get("/portal/sign-in/code/")["Location"] == "/portal/sign-in/"
