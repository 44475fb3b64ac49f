"""The generic scope contract for every registry resource."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.registry.models import Address, Collection, House, Person, Unit
from jingwang.registry.tests.conftest import A1, A2, B1, make_collection, make_person
from jingwang.scope_contract import ScopedResourceContract
from jingwang.testing import World


class _RegistryContract(ScopedResourceContract):
    viewer = "officer_a"
    no_permission_user = "mediator"

    @pytest.fixture(autouse=True)
    def _both_records_exist(self, world: World, registry: dict[str, Any]) -> None:
        self.records = registry
        self.in_scope(world)
        self.out_of_scope(world)


class TestPersonScope(_RegistryContract):
    list_url = "/api/v1/persons/"
    model = Person
    search_param = "q"
    patch_payload = {"former_names": "改名"}
    editor = "officer_a"

    def in_scope(self, world: World) -> Any:
        return self.records["person_a"]

    def out_of_scope(self, world: World) -> Any:
        return self.records["person_b"]


class TestGridWorkerSeesOnlyTheirGrid(_RegistryContract):
    """A grid worker of one grid cannot see the persons of the next (both in one police district)."""

    list_url = "/api/v1/persons/"
    model = Person
    viewer = "grid_a1"
    search_param = "q"

    def in_scope(self, world: World) -> Any:
        return self.records["person_a"]

    def out_of_scope(self, world: World) -> Any:
        return Person.objects.filter(name="甲二居民").first() or make_person(world, A2, "甲二居民")


class TestAddressScope(_RegistryContract):
    list_url = "/api/v1/addresses/"
    model = Address

    def in_scope(self, world: World) -> Any:
        return self.records["address_a"]

    def out_of_scope(self, world: World) -> Any:
        return self.records["address_b"]


class TestHouseScope(_RegistryContract):
    list_url = "/api/v1/houses/"
    model = House

    def in_scope(self, world: World) -> Any:
        return self.records["house_a"]

    def out_of_scope(self, world: World) -> Any:
        return self.records["house_b"]


class TestUnitScope(_RegistryContract):
    list_url = "/api/v1/units/"
    model = Unit
    search_param = "q"
    patch_payload = {"staff_count": 12}
    editor = "officer_a"

    def in_scope(self, world: World) -> Any:
        return self.records["unit_a"]

    def out_of_scope(self, world: World) -> Any:
        return self.records["unit_b"]


class TestCollectionScope(_RegistryContract):
    list_url = "/api/v1/collections/"
    model = Collection

    def in_scope(self, world: World) -> Any:
        return Collection.objects.filter(grid=world.node(A1)).first() or make_collection(world, A1, "grid_a1")

    def out_of_scope(self, world: World) -> Any:
        return Collection.objects.filter(grid=world.node(B1)).first() or make_collection(world, B1, "grid_b1")
