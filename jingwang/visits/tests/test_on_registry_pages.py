"""The home visits to a unit or house are listed on the registry's page of that place (declared by
this app with `register_related`)."""

from __future__ import annotations

from typing import Any

from jingwang.registry.models import House
from jingwang.registry.tests.conftest import make_address
from jingwang.testing import World, sign_in
from jingwang.visits.services import visit_record
from jingwang.visits.tests.fixtures import A1, unit, visit


def test_a_unit_page_lists_the_visits_to_the_unit(world: World, client: Any) -> None:
    here = visit(world, "in", 1)
    visit(world, "in", 2)  # another shop
    sign_in(client, world.officer_a)
    html = client.get(f"/registry/units/{unit(world, 'in', 1).pk}/").content.decode()
    panel = html.split('data-testid="visits-here"', 1)[1].split("</div>", 1)[0]
    assert f'href="/visits/{here.pk}/"' in panel and "in商铺1" in panel and "in商铺2" not in panel
    assert f'href="/visits/?unit={unit(world, "in", 1).pk}"' in html


def test_a_house_page_lists_the_visits_to_the_house(world: World, client: Any) -> None:
    house = House.objects.create(address=make_address(world, A1, "宁海路21号"), grid=world.node(A1), use="own")
    seen = visit_record(by=world.officer_a, purpose="routine", house=house, met="户主")
    sign_in(client, world.officer_a)
    html = client.get(f"/registry/houses/{house.pk}/").content.decode()
    panel = html.split('data-testid="visits-here"', 1)[1].split("</div>", 1)[0]
    assert f'href="/visits/{seen.pk}/"' in panel
