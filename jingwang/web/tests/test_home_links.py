"""The home page's figures and links match what the user can open."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from jingwang.territory.models import NodeKind
from jingwang.territory.services import node_create
from jingwang.testing import World, sign_in


@pytest.mark.django_db
def test_officer_home_counts_grids_without_their_micro_grids(client: Client, world: World) -> None:
    node_create(by=None, kind=NodeKind.MICRO_GRID, code="320106001001001001", name="甲一微网格一",
                parent=world.node("grid:320106001001001"))  # fmt: skip
    node_create(by=None, kind=NodeKind.MICRO_GRID, code="320106001001001002", name="甲一微网格二",
                parent=world.node("grid:320106001001001"))  # fmt: skip
    sign_in(client, world.officer_a)
    response = client.get("/")
    district = next(d for d in response.context["districts"] if d.code == "320106001001")
    listed = [g for g in response.context["grids"] if g.police_district_id == district.pk]
    assert district.grid_count == len(listed) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["resident", "volunteer"])
def test_resident_and_volunteer_scope_links_open_a_page_they_may_see(client: Client, world: World, name: str) -> None:
    sign_in(client, getattr(world, name))
    home = client.get("/").content.decode()
    chips = re.search(r'<ul class="chips">(.*?)</ul>', home, re.S)
    assert chips is not None
    links = re.findall(r'href="([^"]+)"', chips.group(1))
    assert links
    for link in links:
        assert client.get(link).status_code == 200, link
