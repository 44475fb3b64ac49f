"""The hazards at a house or unit are listed on the registry's page of that house or unit (declared
by this app with `register_related`; the registry never imports hazards)."""

from __future__ import annotations

import re
from typing import Any

from jingwang.audit.models import AuditEvent
from jingwang.hazards.models import Category, Hazard
from jingwang.hazards.services import hazard_report
from jingwang.hazards.tests.fixtures import A1, B1, departments
from jingwang.registry.models import House
from jingwang.registry.services import places
from jingwang.registry.tests.conftest import make_address
from jingwang.testing import World, sign_in


def _report(world: World, by: Any, grid: str, what: str, **place: Any) -> Any:
    departments()
    return hazard_report(
        by=by,
        grid=world.node(grid),
        category=Category.objects.get(code="ebike_indoor"),
        description=what,
        place=what,
        **place,
    )


def _panel(html: str) -> str:
    found = re.search(r'data-testid="hazards-here">(.*?)</div>', html, re.S)
    assert found is not None, "no hazards panel"
    return found.group(1)


def test_a_house_page_lists_the_hazards_at_the_house_that_the_viewer_may_see(world: World, client: Any) -> None:
    address = make_address(world, A1, "江苏省南京市鼓楼区宁海路街道宁海路9号1栋")
    house = House.objects.create(address=address, grid=world.node(A1), use="own")
    other = House.objects.create(address=make_address(world, A1, "宁海路11号"), grid=world.node(A1), use="own")
    here = _report(world, world.officer_a, A1, "楼道电动车充电", house=house)
    _report(world, world.officer_a, A1, "别处的飞线", house=other)
    # A hazard of another police district's grid that names this house (the service refuses that
    # today; older or imported rows may): scoped by its case, so not the officer's to see.
    elsewhere = _report(world, world.officer_b, B1, "外辖区的记录")
    Hazard.objects.filter(pk=elsewhere.pk).update(house=house)

    sign_in(client, world.officer_a)
    response = client.get(f"/registry/houses/{house.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    panel = _panel(html)
    assert here.case.number in panel and f'href="/hazards/{here.pk}/"' in panel
    assert "别处的飞线" not in panel and "外辖区的记录" not in html
    assert f'href="/hazards/?house={house.pk}"' in html  # the whole list, filtered to the house
    read = AuditEvent.objects.get(actor_id=world.officer_a.pk, action="hazards.hazard.list")
    assert read.query == {"registry.house": str(house.pk)} and read.result_count == 1

    listed = client.get("/hazards/", {"house": house.pk}).content.decode()
    assert "楼道电动车充电" in listed and "外辖区的记录" not in listed


def test_a_unit_page_lists_its_hazards_and_says_when_there_are_none(world: World, client: Any) -> None:
    address = make_address(world, A1, "江苏省南京市鼓楼区宁海路街道宁海路13号")
    shop = places.unit_create(by=None, data={"name": "宁海五金店"}, address=address)
    quiet = places.unit_create(by=None, data={"name": "宁海书店"}, address=address)
    _report(world, world.officer_a, A1, "店内堆放易燃物", unit=shop)

    sign_in(client, world.officer_a)
    assert "店内堆放易燃物" in _panel(client.get(f"/registry/units/{shop.pk}/").content.decode())
    empty = _panel(client.get(f"/registry/units/{quiet.pk}/").content.decode())
    assert "店内堆放易燃物" not in empty and "没有隐患。" in empty
