"""Find my officer: the district's public card for an address or a point, and nothing else."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jingwang.portal.tests.conftest import ADDRESS_A, MOBILE_A, OFFICE_PHONE_A, STAFF_MOBILE
from jingwang.registry.models import AddressAlias
from jingwang.testing import World

pytestmark = pytest.mark.django_db


def _find(client: Client, **data: Any) -> str:
    page = client.post("/portal/officer/", data)
    assert page.status_code == 200
    return str(page.content.decode())


def test_a_typed_address_shows_its_district_officer_auxiliary_and_office(
    world: World, town: dict[str, Any], client: Client
) -> None:
    html = _find(client, address=ADDRESS_A)
    assert 'data-testid="officer-card"' in html
    assert "甲警务区" in html and "甲民警" in html and "甲辅警" in html
    assert "甲警务室" in html and OFFICE_PHONE_A in html and "周一至周五 9:00-17:00" in html
    assert "乙民警" not in html and "乙警务室" not in html
    assert "甲网格员" not in html  # only the officer and the auxiliaries are published


def test_an_address_written_another_way_is_standardised_before_matching(
    world: World, town: dict[str, Any], client: Client
) -> None:
    html = _find(client, address="江苏南京鼓楼区宁海路街道宁海路１号１栋１单元１０１室")
    assert "甲民警" in html


def test_a_known_alias_of_an_address_is_matched(world: World, town: dict[str, Any], client: Client) -> None:
    AddressAlias.objects.create(address=town["address_a"], text="宁海路一号老楼")
    assert "甲民警" in _find(client, address="宁海路一号老楼")


def test_the_answer_reveals_nothing_about_the_address_or_who_lives_there(
    world: World, town: dict[str, Any], client: Client
) -> None:
    html = _find(client, address=ADDRESS_A)
    for secret in (
        "甲居民",
        "甲配偶",
        MOBILE_A,
        "138****5678",
        ADDRESS_A,
        "1栋1单元101室",
        STAFF_MOBILE,
        "136****0009",
    ):
        assert secret not in html, secret


def test_a_failed_match_says_so_and_offers_the_community_list(
    world: World, town: dict[str, Any], client: Client
) -> None:
    assert "不超过 300 字符" in _find(client, address="x" * 400)
    for text in ("江苏省南京市鼓楼区宁海路街道宁海路99号", "不是地址", "x" * 300):
        html = _find(client, address=text)
        assert 'data-testid="officer-not-found"' in html and "未能匹配该地址" in html
        assert "甲社区" in html and "/portal/officer/district/320106001001/" in html
        assert "甲民警" not in html


def test_a_point_on_the_map_finds_the_district_of_its_grid(world: World, town: dict[str, Any], client: Client) -> None:
    assert "乙民警" in _find(client, lon="118.85", lat="32.05")
    assert 'data-testid="officer-not-found"' in _find(client, lon="100.0", lat="30.0")


def test_bad_coordinates_and_an_empty_form_are_form_errors(world: World, town: dict[str, Any], client: Client) -> None:
    assert "请输入地址或在地图上选择位置" in _find(client, address="")
    assert 'data-testid="officer-card"' not in _find(client, lon="abc", lat="1e999")


def test_the_community_list_leads_to_each_district_s_card(world: World, town: dict[str, Any], client: Client) -> None:
    listing = client.get("/portal/communities/").content.decode()
    assert "甲社区" in listing and "乙社区" in listing
    card = client.get("/portal/officer/district/320106001002/").content.decode()
    assert "乙民警" in card and "甲民警" not in card
    assert client.get("/portal/officer/district/999/").status_code == 404


def test_the_home_page_links_to_the_services_and_has_no_staff_navigation(world: World, client: Client) -> None:
    html = client.get("/portal/").content.decode()
    for url in ("/portal/officer/", "/portal/appointments/", "/portal/my-data/"):
        assert f'href="{url}"' in html
    assert 'data-testid="nav"' not in html and "/registry/" not in html
