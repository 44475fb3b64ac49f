"""The residents page and the API share their code: same rows exported, same search."""

from __future__ import annotations

import csv
import io
from typing import Any

from rest_framework.test import APIClient

from jingwang.accounts.models import RoleAssignment
from jingwang.core.roles import Role
from jingwang.registry.models import Address, House, Residence
from jingwang.registry.tests.conftest import A1, B1, make_address, make_person
from jingwang.testing import PASSWORD, World, sign_in


def _names(body: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    return sorted(row[0] for row in rows[1:])


def test_page_and_api_export_the_same_rows_for_a_user_with_mixed_roles(
    world: World, registry: dict[str, Any], client: Any
) -> None:
    """An officer of district A who is also an auxiliary officer (who may view, not export) in
    district B: both the page and the API export district A's residents only."""
    RoleAssignment.objects.create(
        user=world.officer_a, role=Role.AUXILIARY_OFFICER, node=world.node("police_district:320106001002")
    )
    sign_in(client, world.officer_a, stepped_up=True)
    listed = client.get("/registry/persons/").content.decode()
    assert "乙居民" in listed  # the auxiliary role shows district B's residents on the list

    page = client.get("/registry/persons/", {"export": "csv"})
    api = APIClient()
    api.force_authenticate(world.officer_a)
    api.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)
    from_api = api.get("/api/v1/persons/export/", {"as": "csv"})
    assert page.status_code == from_api.status_code == 200
    page_rows = _names(b"".join(page.streaming_content))  # type: ignore[attr-defined]
    api_rows = _names(b"".join(from_api.streaming_content))  # type: ignore[attr-defined]
    assert page_rows == api_rows == ["甲居民"]


def _lives_at(world: World, person: Any, address: Address) -> None:
    house = House.objects.create(address=address, grid=address.grid)
    Residence.objects.create(person=person, house=house)


def _page_names(client: Any, q: str) -> set[str]:
    search = client.post("/registry/persons/", {"q": q})
    page = client.get(search["Location"]).content.decode()
    return {name for name in ("测试林晓梅", "甲居民", "乙居民", "林晓") if f">{name}</a>" in page}


def _api_names(world: World, q: str) -> set[str]:
    api = APIClient()
    api.force_authenticate(world.officer_a)
    return {p["name"] for p in api.post("/api/v1/persons/search/", {"q": q}, format="json").json()["results"]}


def test_search_by_a_full_name_of_five_characters_finds_the_person(
    world: World, registry: dict[str, Any], client: Any
) -> None:
    make_person(world, A1, "测试林晓梅")
    sign_in(client, world.officer_a)
    assert _page_names(client, "测试林晓梅") == {"测试林晓梅"}
    assert _api_names(world, "测试林晓梅") == {"测试林晓梅"}


def test_search_by_a_short_street_name_finds_who_lives_there(
    world: World, registry: dict[str, Any], client: Any
) -> None:
    street = make_address(world, A1, "江苏省南京市鼓楼区宁海路街道小桃街3号")
    _lives_at(world, registry["person_a"], street)
    other = make_address(world, B1, "江苏省南京市鼓楼区宁海路街道小桃街5号")
    _lives_at(world, registry["person_b"], other)  # district B: never found by officer A
    sign_in(client, world.officer_a)
    assert _page_names(client, "小桃街") == {"甲居民"}
    assert _api_names(world, "小桃街") == {"甲居民"}


def test_search_words_are_read_as_names_places_or_both() -> None:
    from jingwang.registry.selectors import classify_word

    assert classify_word("测试林晓梅") == (True, False)
    assert classify_word("张三") == (True, False)  # 三 is not a room number
    assert classify_word("小桃街") == (False, True)
    assert classify_word("宁海路5号") == (False, True)
    assert classify_word("幸福村") == (False, True)
