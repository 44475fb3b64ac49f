from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from jingwang.accounts.models import RosterMember
from jingwang.core.identity import synthetic_id_number
from jingwang.notifications.sms import MemoryBackend
from jingwang.offices.models import PoliceOffice
from jingwang.portal.models import Service, Slot
from jingwang.registry.models import Address, House, HouseholdRelation, Person, Residence
from jingwang.registry.services import persons
from jingwang.testing import World

A1, B1 = "grid:320106001001001", "grid:320106001002001"
DISTRICT_A, DISTRICT_B = "police_district:320106001001", "police_district:320106001002"
ADDRESS_A = "江苏省南京市鼓楼区宁海路街道宁海路1号1栋1单元101室"
ADDRESS_B = "江苏省南京市鼓楼区宁海路街道宁海路9号9栋9单元909室"
MOBILE_A, MOBILE_B, MOBILE_NEW = "13812345678", "13987654321", "13700000000"
OFFICE_PHONE_A = "025-83000001"
STAFF_MOBILE = "13600000009"


def make_person(world: World, grid_ref: str, name: str, phone: str, seq: int) -> Person:
    number = synthetic_id_number(region="320106", birth=timezone.localdate().replace(year=1985), seq=seq)
    return persons.person_create(
        by=None, grid=world.node(grid_ref), data={"name": name, "id_number": number, "phone": phone}
    )


def code_from_outbox(mobile: str) -> str:
    """The code of the last text message sent to `mobile` (the test backend keeps them)."""
    import re

    texts = [text for phone, text in MemoryBackend.outbox if phone == mobile]
    assert texts, f"no text message to {mobile}"
    found = re.search(r"\d{6}", texts[-1])
    assert found is not None
    return found.group(0)


def sign_in_resident(page: Any, base_url: str, mobile: str) -> None:
    """Sign in to the portal in the browser as the resident holding `mobile`, with the code read from
    the text-message outbox; ends on the portal's home page, signed in."""
    page.goto(f"{base_url}/portal/")
    page.get_by_test_id("portal-sign-in-link").click()
    page.get_by_label("手机号码").fill(mobile)
    page.get_by_test_id("portal-send-code").click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/portal/sign-in/code"))
    page.get_by_label("短信验证码").fill(code_from_outbox(mobile))
    page.get_by_test_id("portal-check-code").click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/portal"))


@pytest.fixture(autouse=True)
def _empty_outbox_and_cards() -> Any:
    """Each test starts with no text messages and no district card kept from another test."""
    from django.core.cache import cache

    MemoryBackend.outbox.clear()
    cache.clear()
    yield
    MemoryBackend.outbox.clear()
    cache.clear()


@pytest.fixture
def town(world: World) -> dict[str, Any]:
    """District A: its officer and auxiliary on the roster, its office, an address and a resident
    with a household; district B likewise with its own officer and a resident."""
    a = Address.objects.create(
        grid=world.node(A1), division_code="320106", township_code="320106001", road="宁海路", canonical=ADDRESS_A
    )
    b = Address.objects.create(
        grid=world.node(B1), division_code="320106", township_code="320106001", road="宁海路", canonical=ADDRESS_B
    )
    person_a = make_person(world, A1, "甲居民", MOBILE_A, 11)
    spouse = make_person(world, A1, "甲配偶", "", 12)
    person_b = make_person(world, B1, "乙居民", MOBILE_B, 13)
    house_a = House.objects.create(address=a, grid=a.grid)
    Residence.objects.create(person=person_a, house=house_a)
    HouseholdRelation.objects.create(person=person_a, relative=spouse, relation="10")
    world.officer_a.set_mobile(STAFF_MOBILE)
    world.officer_a.save()
    office_a = PoliceOffice.objects.create(
        district=world.node(DISTRICT_A),
        name="甲警务室",
        address="宁海路1号",
        opening_hours="周一至周五 9:00-17:00",
        phone=OFFICE_PHONE_A,
    )
    office_b = PoliceOffice.objects.create(district=world.node(DISTRICT_B), name="乙警务室", address="宁海路9号")
    RosterMember.objects.create(
        police_district=world.node(DISTRICT_A), position="officer", name="甲民警", user=world.officer_a
    )
    RosterMember.objects.create(police_district=world.node(DISTRICT_A), position="auxiliary", name="甲辅警")
    RosterMember.objects.create(police_district=world.node(DISTRICT_A), position="grid_worker", name="甲网格员")
    RosterMember.objects.create(police_district=world.node(DISTRICT_B), position="officer", name="乙民警")
    return {
        "address_a": a,
        "address_b": b,
        "person_a": person_a,
        "spouse": spouse,
        "person_b": person_b,
        "office_a": office_a,
        "office_b": office_b,
    }


@pytest.fixture
def service_a(town: dict[str, Any]) -> Service:
    return Service.objects.create(office=town["office_a"], name="居住证办理", description="身份证、租房合同")


def make_slots(service: Service, count: int = 3, *, start_in: timedelta = timedelta(days=2)) -> list[Slot]:
    first = (timezone.now() + start_in).replace(minute=0, second=0, microsecond=0)
    return [
        Slot.objects.create(service=service, starts_at=first + timedelta(minutes=service.duration_minutes * i))
        for i in range(count)
    ]
