"""The page contract (jingwang/page_contract.py) for the registry's declared pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from jingwang.core.identity import synthetic_id_number
from jingwang.page_contract import ScopedPageContract
from jingwang.registry import merge_views, place_views, views
from jingwang.registry.merges import services as merges
from jingwang.registry.models import Address, Collection, House, MergeRecord, MergeSuggestion, Person, Unit
from jingwang.registry.services import persons
from jingwang.registry.tests.conftest import A1, A2, B1, make_address, make_collection
from jingwang.testing import World


def _person(world: World, grid: str, name: str, seq: int) -> Person:
    found = Person.objects.filter(name=name).first()
    if found is not None:
        return found
    data = {"name": name, "id_number": synthetic_id_number(region="320106", birth=date(1980, 1, 1), seq=seq)}
    return persons.person_create(by=None, grid=world.node(grid), data=data)


class TestPersonPages(ScopedPageContract):
    list_page = views.PersonListView
    detail_page = views.PersonDetailView
    viewer = "officer_a"
    no_permission_user = "resident"

    def in_scope(self, world: World) -> Any:
        return _person(world, A1, "甲居民", 11)

    def out_of_scope(self, world: World) -> Any:
        return _person(world, B1, "乙居民", 12)

    def more_in_scope(self, world: World, i: int) -> Any:
        return _person(world, A2 if i % 2 else A1, f"甲居民{i}", 100 + i)


def _pair(world: World, grid_a: str, grid_b: str, i: int) -> MergeSuggestion:
    a = _person(world, grid_a, f"王建国{i}", 300 + 2 * i)
    b = _person(world, grid_b, f"王建國{i}", 301 + 2 * i)
    found = MergeSuggestion.objects.filter(person_a=a).first()
    if found is not None:
        return found
    suggestion, _created = merges._suggest(
        a.pk, b.pk, 0.93, 9.5, [{"field": "name", "level": "exact", "weight": 7.1}], False
    )
    return suggestion


class TestMergeSuggestionPages(ScopedPageContract):
    list_page = merge_views.MergeSuggestionListView
    detail_page = merge_views.MergeSuggestionView
    viewer = "officer_a"
    no_permission_user = "mediator"

    def in_scope(self, world: World) -> Any:
        return _pair(world, A1, A2, 0)

    def out_of_scope(self, world: World) -> Any:
        return _pair(world, B1, B1, 1)

    def more_in_scope(self, world: World, i: int) -> Any:
        return _pair(world, A1, A1, 10 + i)


class TestMergeRecordPages(ScopedPageContract):
    detail_page = merge_views.MergeRecordView
    viewer = "officer_a"
    no_permission_user = "dept"

    def _merged(self, world: World, grid: str, i: int) -> MergeRecord:
        s = _pair(world, grid, grid, i)
        return MergeRecord.objects.filter(suggestion=s).first() or merges.merge_persons(
            by=None, suggestion_id=s.pk, survivor_id=s.person_a_id
        )

    def in_scope(self, world: World) -> Any:
        return self._merged(world, A1, 0)

    def out_of_scope(self, world: World) -> Any:
        return self._merged(world, B1, 1)


class TestCollectionPages(ScopedPageContract):
    list_page = views.QueueView
    other_pages = (views.CollectView,)
    viewer = "officer_a"
    no_permission_user = "resident"

    def marker(self, obj: Any) -> str:
        return f'id="c-{obj.pk}"'

    def in_scope(self, world: World) -> Any:
        return Collection.objects.filter(grid=world.node(A1)).first() or make_collection(world, A1, "grid_a1")

    def out_of_scope(self, world: World) -> Any:
        return Collection.objects.filter(grid=world.node(B1)).first() or make_collection(world, B1, "grid_b1")

    def more_in_scope(self, world: World, i: int) -> Any:
        rows = list(Collection.objects.filter(grid=world.node(A1)).order_by("id"))
        while len(rows) <= i:
            rows.append(make_collection(world, A1, "grid_a1", name=f"新居民{len(rows)}"))
        return rows[i]


def _address(world: World, grid: str, n: int) -> Address:
    text = f"江苏省南京市鼓楼区宁海路街道宁海路{n}号"
    return Address.objects.filter(canonical=text).first() or make_address(world, grid, text)


def _house(world: World, grid: str, n: int) -> House:
    address = _address(world, grid, n)
    return House.objects.filter(address=address).first() or House.objects.create(address=address, grid=address.grid)


def _unit(world: World, grid: str, n: int) -> Unit:
    address = _address(world, grid, n)
    return Unit.objects.filter(address=address).first() or Unit.objects.create(
        name=f"单位{n}", grid=address.grid, address=address
    )


class _PlacePages(ScopedPageContract):
    """Places made by `make(world, grid, n)`: the n-th address (its house, its unit) in a grid."""

    make: ClassVar[Callable[..., Any]]
    viewer = "officer_a"
    no_permission_user = "resident"

    def in_scope(self, world: World) -> Any:
        return type(self).make(world, A1, 1)

    def out_of_scope(self, world: World) -> Any:
        return type(self).make(world, B1, 2)

    def more_in_scope(self, world: World, i: int) -> Any:
        return type(self).make(world, A2 if i % 2 else A1, 100 + i)


class TestAddressPages(_PlacePages):
    list_page = place_views.AddressListView
    detail_page = place_views.AddressView
    make = staticmethod(_address)


class TestHousePages(_PlacePages):
    list_page = place_views.HouseListView
    detail_page = place_views.HouseView
    make = staticmethod(_house)


class TestHousePagesOfAGridWorker(TestHousePages):
    """A grid worker sees their own grid's houses, not the next grid's of the same police district."""

    viewer = "grid_a1"
    no_permission_user = "mediator"

    def out_of_scope(self, world: World) -> Any:
        return _house(world, A2, 3)

    def more_in_scope(self, world: World, i: int) -> Any:
        return _house(world, A1, 200 + i)


class TestUnitPages(_PlacePages):
    list_page = place_views.UnitListView
    detail_page = place_views.UnitView
    make = staticmethod(_unit)
