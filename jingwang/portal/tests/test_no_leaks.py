"""Through every portal page, a signed-in resident never sees another resident's data or a staff
member's personal phone (the work phone shown is the office's)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jingwang.portal import appointments
from jingwang.portal.signin import resident_account
from jingwang.portal.tests.conftest import ADDRESS_A, ADDRESS_B, MOBILE_A, MOBILE_B, STAFF_MOBILE, make_slots
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db


def _every_page(client: Client, service_pk: int) -> dict[str, str]:
    gets = [
        "/portal/",
        "/portal/officer/",
        "/portal/communities/",
        "/portal/officer/district/320106001001/",
        "/portal/officer/district/320106001002/",
        "/portal/appointments/",
        f"/portal/appointments/service/{service_pk}/",
        "/portal/my-data/",
        "/portal/sign-in/",
    ]
    pages = {url: client.get(url).content.decode() for url in gets}
    pages["officer A"] = client.post("/portal/officer/", {"address": ADDRESS_A}).content.decode()
    pages["officer B"] = client.post("/portal/officer/", {"address": ADDRESS_B}).content.decode()
    return pages


def test_no_portal_page_shows_another_resident_s_data_or_a_staff_personal_phone(
    world: World, town: dict[str, Any], service_a: Any, client: Client
) -> None:
    slots = make_slots(service_a, 3)
    other = resident_account(MOBILE_B)
    appointments.booking_make(resident=other, slot_id=slots[0].pk)
    me = resident_account(MOBILE_A)
    appointments.booking_make(resident=me, slot_id=slots[1].pk)
    world.aux_a.set_mobile("13511110000")
    world.aux_a.save()
    sign_in(client, me)
    forbidden = [
        "乙居民", MOBILE_B, "139****4321", other.display_name, town["person_b"].id_number_masked,
        "甲配偶", STAFF_MOBILE, "136****0009", "13511110000", "135****0000", ADDRESS_B,
    ]  # fmt: skip
    for url, html in _every_page(client, service_a.pk).items():
        for text in forbidden:
            assert text not in html, (url, text)
        assert f'name="slot" value="{slots[0].pk}"' not in html, url  # another's booked time is not offered


def test_an_anonymous_visitor_sees_no_resident_data_on_any_page(
    world: World, town: dict[str, Any], service_a: Any, client: Client
) -> None:
    for url, html in _every_page(client, service_a.pk).items():
        for text in ("甲居民", "乙居民", "138****5678", STAFF_MOBILE, "136****0009"):
            assert text not in html, (url, text)
