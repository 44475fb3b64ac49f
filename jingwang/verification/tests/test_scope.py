"""The generic scope contract for watch lists, their entries and past checks."""

from __future__ import annotations

from typing import Any

from jingwang.scope_contract import ScopedResourceContract
from jingwang.testing import World
from jingwang.verification.models import VerificationCheck, WatchEntry, WatchList
from jingwang.verification.services.checks import verify_check
from jingwang.verification.tests.conftest import ID_A, ID_B, add_entry, make_list

DISTRICT_A, DISTRICT_B = "police_district:320106001001", "police_district:320106001002"


def _list(world: World, by: str, node: str) -> WatchList:
    found = WatchList.objects.filter(node=world.node(node)).first()
    return found or make_list(world, by=by, node=node, name=f"重点人员 {node}")


class TestWatchListScope(ScopedResourceContract):
    list_url = "/api/v1/watchlists/"
    viewer = "officer_a"
    no_permission_user = "grid_a1"
    model = WatchList
    search_param = "q"
    page_url_name = "verification:list"

    def in_scope(self, world: World) -> Any:
        return _list(world, "officer_a", DISTRICT_A)

    def out_of_scope(self, world: World) -> Any:
        return _list(world, "officer_b", DISTRICT_B)

    def page_url(self, obj: Any) -> str | None:
        return f"/verify/lists/{obj.pk}/"


class TestWatchEntryScope(ScopedResourceContract):
    list_url = "/api/v1/watch-entries/"
    viewer = "officer_a"
    no_permission_user = "grid_a1"
    model = WatchEntry
    search_param = "q"

    def in_scope(self, world: World) -> Any:
        watchlist = _list(world, "officer_a", DISTRICT_A)
        return WatchEntry.objects.filter(watchlist=watchlist).first() or add_entry(
            world, watchlist, by="officer_a", id_number=ID_A, name="甲某"
        )

    def out_of_scope(self, world: World) -> Any:
        watchlist = _list(world, "officer_b", DISTRICT_B)
        return WatchEntry.objects.filter(watchlist=watchlist).first() or add_entry(
            world, watchlist, by="officer_b", id_number=ID_B, name="乙某"
        )


class TestVerificationCheckScope(ScopedResourceContract):
    list_url = "/api/v1/verification-checks/"
    viewer = "officer_a"
    no_permission_user = "grid_a1"
    model = VerificationCheck

    def _check(self, world: World, by: str) -> VerificationCheck:
        found = VerificationCheck.objects.filter(checked_by=world.users[by]).first()
        return found or verify_check(actor=world.users[by], id_number=ID_A, purpose="巡逻").check

    def in_scope(self, world: World) -> Any:
        return self._check(world, "officer_a")

    def out_of_scope(self, world: World) -> Any:
        return self._check(world, "officer_b")

    def page_url(self, obj: Any) -> str | None:
        return f"/verify/checks/{obj.pk}/"
