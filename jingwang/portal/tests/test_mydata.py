"""My data: the resident's own record, masked, audited; correction requests as deadlined cases."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jingwang.audit.models import AuditEvent
from jingwang.casework.models import Case
from jingwang.casework.services import case_transition
from jingwang.portal.models import CorrectionRequest
from jingwang.portal.mydata import PURPOSE
from jingwang.portal.signin import resident_account
from jingwang.portal.tests.conftest import A1, MOBILE_A, MOBILE_B, MOBILE_NEW, make_person
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_a_resident_sees_their_own_record_masked_and_the_read_is_audited(
    world: World, town: dict[str, Any], client: Client
) -> None:
    user = resident_account(MOBILE_A)
    sign_in(client, user)
    html = client.get("/portal/my-data/").content.decode()
    person = town["person_a"]
    assert 'data-testid="my-record"' in html and "甲居民" in html
    assert person.id_number_masked in html and "138****5678" in html
    assert "江苏省南京市鼓楼区宁海路街道宁海路1号1栋1单元101室" in html  # where they live
    assert "配偶" in html and "甲**" in html and "甲配偶" not in html  # the household, masked
    from jingwang.core import crypto

    assert crypto.decrypt(person.id_number_enc, context=crypto.ID_NUMBER_CONTEXT) not in html
    read = AuditEvent.objects.get(action="registry.person.read", actor_id=user.pk)
    assert read.object_id == str(person.pk) and read.purpose == PURPOSE


def test_a_resident_never_sees_another_resident_s_record(world: World, town: dict[str, Any], client: Client) -> None:
    sign_in(client, resident_account(MOBILE_B))
    html = client.get("/portal/my-data/").content.decode()
    assert "乙居民" in html
    for other in ("甲居民", "甲配偶", town["person_a"].id_number_masked, "138****5678"):
        assert other not in html


def test_focus_person_and_watch_list_status_are_never_shown(world: World, town: dict[str, Any], client: Client) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from jingwang.focus.models import Category
    from jingwang.focus.services import listing_create, listing_decide
    from jingwang.verification.models import WatchCategory
    from jingwang.verification.services import watchlists

    person = town["person_a"]
    listing = listing_create(
        by=world.officer_a,
        person=person,
        category=Category.objects.get(code="released"),
        legal_basis="（2025）宁刑释字第12号",
        tier=Category.objects.get(code="released").tiers()[0][0],
        review_date=timezone.localdate() + timedelta(days=365),
        address="宁海路1号",
        grid_worker=world.grid_a1,
        look_for="是否按时报到",
    )
    listing_decide(by=world.leader, listing_id=listing.pk, approve=True)
    wanted = watchlists.watchlist_create(
        by=world.leader,
        node=world.node("station:320106001"),
        name="在逃人员",
        category=WatchCategory.WANTED,
        legal_basis="《刑事诉讼法》第一百五十五条",
        review_period_days=90,
    )
    from jingwang.core import crypto

    id_number = crypto.decrypt(person.id_number_enc, context=crypto.ID_NUMBER_CONTEXT)
    watchlists.entry_add(
        by=world.leader, watchlist_id=wanted.pk, name="甲居民", id_number=id_number, instruction="跟踪"
    )
    sign_in(client, resident_account(MOBILE_A))
    pages = [client.get(url).content.decode() for url in ("/portal/", "/portal/my-data/", "/portal/appointments/")]
    pages.append(
        client.post(
            "/portal/officer/", {"address": "江苏省南京市鼓楼区宁海路街道宁海路1号1栋1单元101室"}
        ).content.decode()
    )
    for html in pages:
        for word in ("关注", "刑释", "在逃", "布控", "跟踪", "宁刑释字", "released", "watch", "focus"):
            assert word not in html, word


def test_an_ambiguous_or_unknown_number_shows_no_record_and_says_why(
    world: World, town: dict[str, Any], client: Client
) -> None:
    make_person(world, A1, "同号人", MOBILE_A, 21)
    sign_in(client, resident_account(MOBILE_A))
    html = client.get("/portal/my-data/").content.decode()
    assert 'data-testid="my-record"' not in html and "有多条登记记录使用您的手机号码" in html
    assert "甲居民" not in html and "同号人" not in html
    sign_in(client, resident_account(MOBILE_NEW))
    assert "登记中没有使用您手机号码的记录" in client.get("/portal/my-data/").content.decode()


def test_a_correction_request_becomes_a_deadlined_case_for_the_officer_and_its_refusal_reason_is_shown(
    world: World, town: dict[str, Any], client: Client
) -> None:
    user = resident_account(MOBILE_A)
    sign_in(client, user)
    sent = client.post("/portal/my-data/", {"field": "hukou_address", "requested": "户籍地址应为宁海路2号"})
    assert sent.status_code == 302
    request = CorrectionRequest.objects.get(resident=user)
    case = Case.objects.get(pk=request.case_id)
    assert case.kind == "portal.correction" and case.grid == world.node(A1) and case.assignee == world.officer_a
    assert case.red_at is not None and case.state == "submitted"
    assert Case.objects.restrict(world.officer_a, "view").filter(pk=case.pk).exists()
    assert not Case.objects.restrict(world.officer_b, "view").filter(pk=case.pk).exists()
    case_transition(
        by=world.officer_a, case_id=case.pk, transition="refuse", note="户籍地址以户籍底册为准，请到派出所户籍窗口办理"
    )
    html = client.get("/portal/my-data/").content.decode()
    assert "不予更正" in html and "户籍地址以户籍底册为准" in html


def test_a_correction_request_is_refused_with_a_reason_when_there_is_no_record(
    world: World, town: dict[str, Any], client: Client
) -> None:
    sign_in(client, resident_account(MOBILE_NEW))
    page = client.post("/portal/my-data/", {"field": "name", "requested": "新名字"})
    assert page.status_code == 200 and not CorrectionRequest.objects.exists()


def test_bad_correction_input_is_a_form_error(world: World, town: dict[str, Any], client: Client) -> None:
    sign_in(client, resident_account(MOBILE_A))
    for data in (
        {"field": "secret", "requested": "x"},
        {"field": "name", "requested": ""},
        {"field": "name", "requested": "x" * 301},
    ):
        assert client.post("/portal/my-data/", data).status_code == 200
    assert not CorrectionRequest.objects.exists()
