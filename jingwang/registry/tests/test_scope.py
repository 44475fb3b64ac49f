"""The generic scope contract for every registry resource."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from jingwang.registry.models import Address, Collection, House, Person, Unit
from jingwang.registry.tests.conftest import A1, A2, B1, make_address, make_collection, make_person
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World

RETIRE = Write("delete")
OTHER_GRID = "320106001002001"  # B1, in officer_b's police district
# A create in a grid out of scope is refused as an unknown grid (404) by persons and units, as an
# invalid field (400) by submissions, disputes and work orders: the API is not uniform here yet.


def _addresses(world: World, count: int) -> list[Address]:
    start = Address.objects.count()
    return [make_address(world, A1, f"江苏省南京市鼓楼区宁海路街道宁海路{start + i}号") for i in range(count)]


class _RegistryContract(ScopedResourceContract):
    viewer = "officer_a"
    no_permission_user = "mediator"
    not_applicable = {"page": "addresses, houses, units and submissions have no detail page of their own"}

    @pytest.fixture(autouse=True)
    def _both_records_exist(self, world: World, registry: dict[str, Any]) -> None:
        self.records = registry
        self.in_scope(world)
        self.out_of_scope(world)


class TestPersonScope(_RegistryContract):
    list_url = "/api/v1/persons/"
    model = Person
    search_param = "q"
    writes = {
        "edit": Write("patch", body={"former_names": "改名"}),
        "retire": RETIRE,
        "reveal": Write("post", "reveal/", {"field": "id_number", "purpose": "核查身份"}),
        "create": Write("post", on_list=True, body={"name": "越权居民", "grid": OTHER_GRID}, out_of_scope_status=404),
    }

    not_applicable: ClassVar[dict[str, str]] = {}

    def in_scope(self, world: World) -> Any:
        return self.records["person_a"]

    def page_url(self, obj: Any) -> str | None:
        return f"/registry/persons/{obj.pk}/"

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            make_person(world, A1, "居民" + "甲" * (i + 2 + Person.objects.count()))

    def out_of_scope(self, world: World) -> Any:
        return self.records["person_b"]


class TestGridWorkerSeesOnlyTheirGrid(_RegistryContract):
    """A grid worker of one grid cannot see the persons of the next (both in one police district)."""

    list_url = "/api/v1/persons/"
    model = Person
    viewer = "grid_a1"
    search_param = "q"

    not_applicable: ClassVar[dict[str, str]] = {}

    def in_scope(self, world: World) -> Any:
        return self.records["person_a"]

    def page_url(self, obj: Any) -> str | None:
        return f"/registry/persons/{obj.pk}/"

    not_applicable = {
        **_RegistryContract.not_applicable,
        "write": "a grid worker may change no person directly (they submit collections: TestCollectionScope)",
    }

    def out_of_scope(self, world: World) -> Any:
        return Person.objects.filter(name="甲二居民").first() or make_person(world, A2, "甲二居民")

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            make_person(world, A1, "居民" + "乙" * (i + 2 + Person.objects.count()))


class TestAddressScope(_RegistryContract):
    list_url = "/api/v1/addresses/"
    model = Address
    writes = {"retire": RETIRE}
    search_param = "q"

    def search_term(self, obj: Any) -> str:
        return str(obj.canonical)

    def in_scope(self, world: World) -> Any:
        return self.records["address_a"]

    def add_rows(self, world: World, count: int) -> None:
        _addresses(world, count)

    def out_of_scope(self, world: World) -> Any:
        return self.records["address_b"]


class TestHouseScope(_RegistryContract):
    list_url = "/api/v1/houses/"
    model = House
    writes = {"retire": RETIRE}
    search_param = "q"

    def search_term(self, obj: Any) -> str:
        return str(obj.address.canonical)

    def in_scope(self, world: World) -> Any:
        return self.records["house_a"]

    def add_rows(self, world: World, count: int) -> None:
        for address in _addresses(world, count):
            House.objects.create(address=address, grid=address.grid)

    def out_of_scope(self, world: World) -> Any:
        return self.records["house_b"]


class TestUnitScope(_RegistryContract):
    list_url = "/api/v1/units/"
    model = Unit
    search_param = "q"
    writes = {
        "edit": Write("patch", body={"staff_count": 12}),
        "retire": RETIRE,
        "create": Write("post", on_list=True, body={"name": "越权公司", "grid": OTHER_GRID}, out_of_scope_status=404),
    }

    def in_scope(self, world: World) -> Any:
        return self.records["unit_a"]

    def add_rows(self, world: World, count: int) -> None:
        for address in _addresses(world, count):
            Unit.objects.create(name=f"公司{address.pk}", grid=address.grid, address=address)

    def out_of_scope(self, world: World) -> Any:
        return self.records["unit_b"]


class TestCollectionScope(_RegistryContract):
    list_url = "/api/v1/collections/"
    model = Collection
    writes = {
        "verify": Write("post", "verify/", {"decision": "reject", "note": "越权"}),
        "reveal": Write("post", "reveal/", {"field": "id_number", "purpose": "核查身份"}),
        "create": Write(
            "post",
            on_list=True,
            body={
                "kind": "person",
                "values": {"name": "越权", "address": "南京市鼓楼区宁海路街道宁海路9号"},
                "grid": OTHER_GRID,
            },
            by="grid_a1",
            out_of_scope_status=400,
        ),
    }
    not_applicable = {
        **_RegistryContract.not_applicable,
        "search": "submissions are found by status, kind and grid filters",
    }

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            make_collection(world, A1, "grid_a1")

    def in_scope(self, world: World) -> Any:
        return Collection.objects.filter(grid=world.node(A1)).first() or make_collection(world, A1, "grid_a1")

    def out_of_scope(self, world: World) -> Any:
        return Collection.objects.filter(grid=world.node(B1)).first() or make_collection(world, B1, "grid_b1")
