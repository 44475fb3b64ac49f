"""The page contract (jingwang/page_contract.py) for the verification pages."""

from __future__ import annotations

from typing import Any

from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World
from jingwang.verification import views
from jingwang.verification.models import VerificationCheck, WatchList
from jingwang.verification.services.checks import verify_check
from jingwang.verification.tests.conftest import ID_A, make_list

DISTRICT_A, DISTRICT_B = "police_district:320106001001", "police_district:320106001002"


def _list(world: World, by: str, node: str, name: str) -> WatchList:
    return WatchList.objects.filter(name=name).first() or make_list(world, by=by, node=node, name=name)


class TestWatchListPages(ScopedPageContract):
    list_page = views.WatchListsView
    detail_page = views.WatchListView
    viewer = "officer_a"
    no_permission_user = "grid_a1"

    def in_scope(self, world: World) -> Any:
        return _list(world, "officer_a", DISTRICT_A, "甲名单")

    def out_of_scope(self, world: World) -> Any:
        return _list(world, "officer_b", DISTRICT_B, "乙名单")

    def more_in_scope(self, world: World, i: int) -> Any:
        return _list(world, "officer_a", DISTRICT_A, f"甲名单{i}")


def _check(world: World, by: str, purpose: str) -> VerificationCheck:
    found = VerificationCheck.objects.filter(checked_by=world.users[by], purpose=purpose).first()
    return found or verify_check(actor=world.users[by], id_number=ID_A, purpose=purpose).check


class TestCheckPages(ScopedPageContract):
    list_page = views.ChecksView
    detail_page = views.CheckView
    viewer = "officer_a"
    no_permission_user = "grid_a1"

    def in_scope(self, world: World) -> Any:
        return _check(world, "officer_a", "巡逻")

    def out_of_scope(self, world: World) -> Any:
        return _check(world, "officer_b", "巡逻")

    def more_in_scope(self, world: World, i: int) -> Any:
        return _check(world, "officer_a", f"巡逻{i}")
