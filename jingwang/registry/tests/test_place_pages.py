"""The pages of places: standard addresses, houses and units (the scope, 404 and 403 checks are the
page contract's, in test_pages.py)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from jingwang.audit.models import AuditEvent
from jingwang.core.identity import synthetic_id_number
from jingwang.demo.registry_seed import seed_registry
from jingwang.demo.seed import FIRST_COMMUNITY, seed_demo
from jingwang.registry.models import Address, House, Residence, Unit
from jingwang.registry.services import persons, places
from jingwang.registry.tests.conftest import A1, A2, make_address
from jingwang.territory.models import Node
from jingwang.testing import World, sign_in

ID_NUMBER = synthetic_id_number(region="320106", birth=date(1979, 5, 4), seq=321)
PHONE = "13912345678"


@pytest.fixture
def home(world: World) -> dict[str, Any]:
    """A rented flat in grid A1 with two tenants now, one who moved out, an owner, and a shop unit."""
    address = make_address(world, A1, "江苏省南京市鼓楼区宁海路街道宁海路7号2栋1单元301室")
    grid = world.node(A1)
    owner = persons.person_create(by=None, grid=grid, data={"name": "房东王", "id_number": ID_NUMBER, "phone": PHONE})
    tenant = persons.person_create(
        by=None,
        grid=grid,
        data={"name": "租客李", "id_number": synthetic_id_number(region="320106", birth=date(1995, 2, 3), seq=45)},
    )
    flatmate = persons.person_create(by=None, grid=grid, data={"name": "租客赵"})
    gone = persons.person_create(by=None, grid=grid, data={"name": "搬走钱"})
    house = House.objects.create(address=address, grid=grid, use="rented", owner=owner)
    Residence.objects.create(person=tenant, house=house, is_tenant=True, since=date(2025, 3, 1))
    Residence.objects.create(person=flatmate, house=house, is_tenant=True)
    Residence.objects.create(person=gone, house=house, since=date(2020, 1, 1), until=date(2024, 1, 1))
    unit = places.unit_create(
        by=None,
        data={"name": "宁海便利店", "security_contact": "周店长", "security_contact_phone": "13700001111"},
        address=address,
    )
    return {"address": address, "house": house, "owner": owner, "tenant": tenant, "gone": gone, "unit": unit}


def _html(client: Any, url: str, params: dict[str, str] | None = None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return str(response.content.decode())


def test_house_page_lists_its_current_residents_with_links_to_their_pages(
    world: World, home: dict[str, Any], client: Any
) -> None:
    sign_in(client, world.officer_a)
    html = _html(client, f"/registry/houses/{home['house'].pk}/")
    residents = re.search(r'data-testid="house-residents">(.*?)</div>', html, re.S)
    assert residents is not None
    listed = residents.group(1)
    assert f'href="/registry/persons/{home["tenant"].pk}/"' in listed and "租客李" in listed and "租客赵" in listed
    assert "搬走钱" not in listed  # moved out in 2024
    assert "宁海便利店" in html and f'href="/registry/units/{home["unit"].pk}/"' in html
    assert f'href="/registry/addresses/{home["address"].pk}/"' in html


def test_house_page_reads_are_audited_with_the_residents_listed(
    world: World, home: dict[str, Any], client: Any
) -> None:
    sign_in(client, world.officer_a)
    _html(client, f"/registry/houses/{home['house'].pk}/")
    reads = AuditEvent.objects.filter(actor_id=world.officer_a.pk)
    assert reads.filter(action="registry.house.read", object_id=str(home["house"].pk)).exists()
    assert reads.filter(action="registry.residence.list", result_count=2).exists()
    _html(client, "/registry/houses/", {"grid": "320106001001001"})
    assert reads.filter(action="registry.house.list", result_count=1).exists()


def test_identifiers_are_masked_on_every_place_page(world: World, home: dict[str, Any], client: Any) -> None:
    sign_in(client, world.officer_a)
    pages = [
        "/registry/houses/",
        f"/registry/houses/{home['house'].pk}/",
        "/registry/units/",
        f"/registry/units/{home['unit'].pk}/",
        "/registry/addresses/",
        f"/registry/addresses/{home['address'].pk}/",
    ]
    tenant_id = synthetic_id_number(region="320106", birth=date(1995, 2, 3), seq=45)
    for url in pages:
        html = _html(client, url)
        for clear in (ID_NUMBER, PHONE, tenant_id, "13700001111", "房东王"):
            assert clear not in html, (url, clear)
    house = _html(client, f"/registry/houses/{home['house'].pk}/")
    assert home["tenant"].id_number_masked in house and "房**" in house  # the owner: surname only
    assert "137****1111" in _html(client, f"/registry/units/{home['unit'].pk}/")
    assert "房**" in _html(client, "/registry/houses/")


def test_house_list_counts_current_residents_and_filters_by_grid_and_search(
    world: World, home: dict[str, Any], client: Any
) -> None:
    other = make_address(world, A2, "江苏省南京市鼓楼区宁海路街道宁海路8号")
    House.objects.create(address=other, grid=other.grid)
    sign_in(client, world.officer_a)
    html = _html(client, "/registry/houses/", {"grid": "320106001001001"})
    assert f'href="/registry/houses/{home["house"].pk}/"' in html and "宁海路8号" not in html
    row = re.search(rf'href="/registry/houses/{home["house"].pk}/".*?</tr>', html, re.S)
    assert row is not None and ">2</td>" in row.group(0)  # two live there now
    found = _html(client, "/registry/houses/", {"q": "宁海路8号"})
    assert "宁海路8号" in found and "7号2栋" not in found


def test_unit_list_filters_by_grid_like_the_api(world: World, home: dict[str, Any], client: Any) -> None:
    Unit.objects.create(name="隔壁网格公司", grid=world.node(A2))
    sign_in(client, world.officer_a)
    assert "隔壁网格公司" in _html(client, "/registry/units/")
    html = _html(client, "/registry/units/", {"grid": "320106001001001"})
    assert "宁海便利店" in html and "隔壁网格公司" not in html
    api = client.get("/api/v1/units/", {"grid": "320106001001001"}).json()["results"]
    assert [u["name"] for u in api] == ["宁海便利店"]


def test_address_page_shows_its_house_and_units(world: World, home: dict[str, Any], client: Any) -> None:
    sign_in(client, world.grid_a1)
    html = _html(client, f"/registry/addresses/{home['address'].pk}/")
    assert f'href="/registry/houses/{home["house"].pk}/"' in html
    assert f'href="/registry/units/{home["unit"].pk}/"' in html
    unit = _html(client, f"/registry/units/{home['unit'].pk}/")
    assert f'href="/registry/houses/{home["house"].pk}/"' in unit
    assert f'href="/registry/addresses/{home["address"].pk}/"' in unit


def test_grid_worker_gets_404_for_the_next_grids_house_and_it_is_audited_as_a_denial(world: World, client: Any) -> None:
    address = make_address(world, A2, "江苏省南京市鼓楼区宁海路街道宁海路9号")
    house = House.objects.create(address=address, grid=address.grid)
    sign_in(client, world.grid_a1)
    denials = AuditEvent.objects.filter(action="authz_denied", actor_id=world.grid_a1.pk, object_type="registry.house")
    response = client.get(f"/registry/houses/{house.pk}/")
    assert response.status_code == 404 and denials.count() == 1


def test_person_page_links_where_they_live_to_the_house_page(world: World, home: dict[str, Any], client: Any) -> None:
    sign_in(client, world.officer_a)
    html = _html(client, f"/registry/persons/{home['tenant'].pk}/")
    assert f'href="/registry/houses/{home["house"].pk}/" data-testid="person-residence"' in html


def test_place_pages_are_in_the_registry_menu_of_who_may_view_them(world: World, client: Any) -> None:
    for name in ("officer_a", "grid_a1", "leader"):
        sign_in(client, world.users[name])
        menu = _html(client, "/")
        for url in ("/registry/addresses/", "/registry/houses/", "/registry/units/"):
            assert f'href="{url}"' in menu, (name, url)
    sign_in(client, world.mediator)
    assert 'href="/registry/houses/"' not in _html(client, "/")


@pytest.mark.django_db
def test_demo_officer_and_grid_worker_see_places_of_their_territory(client: Any, settings: Any) -> None:
    from jingwang.accounts.models import User

    settings.REQUIRE_MFA = False
    seed_demo()
    seed_registry(
        residents=300, units=12, grids=list(Node.objects.filter(kind="grid", code__startswith=FIRST_COMMUNITY))
    )
    seen = {}
    for username in ("officer", "gridworker"):
        user = User.objects.get(username=username)
        sign_in(client, user)
        for url, model in (("/registry/addresses/", Address), ("/registry/houses/", House), ("/registry/units/", Unit)):
            in_scope = model.objects.restrict(user, "view").filter(is_active=True)
            assert in_scope.exists(), (username, url)
            html = _html(client, url)
            first = re.search(rf'href="({url}\d+/)"', html)
            assert first is not None, (username, url)
            assert client.get(first.group(1)).status_code == 200
        seen[username] = House.objects.restrict(user, "view").count()
    assert 0 < seen["gridworker"] < seen["officer"]  # a grid of the officer's police district
