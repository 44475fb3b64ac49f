"""The generic scope contract for watch lists, their entries and past checks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from jingwang.core.identity import synthetic_id_number
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World
from jingwang.verification.models import VerificationCheck, WatchEntry, WatchList
from jingwang.verification.services.checks import verify_check
from jingwang.verification.tests.conftest import ID_A, ID_B, add_entry, make_list

DISTRICT_A, DISTRICT_B = "police_district:320106001001", "police_district:320106001002"
NEW_ID = synthetic_id_number(region="320106", birth=date(1970, 5, 6), seq=321)


def _list(world: World, by: str, node: str) -> WatchList:
    found = WatchList.objects.filter(node=world.node(node)).first()
    return found or make_list(world, by=by, node=node, name=f"重点人员 {node}")


class TestWatchListScope(ScopedResourceContract):
    list_url = "/api/v1/watchlists/"
    viewer = "officer_a"
    no_permission_user = "grid_a1"
    model = WatchList
    search_param = "q"
    writes = {
        "import": Write(
            "post",
            "import/",
            lambda _list: {"file": SimpleUploadedFile("entries.csv", f"身份证号,姓名\n{NEW_ID},丙某\n".encode())},
            format="multipart",
        ),
        "create": Write(
            "post",
            on_list=True,
            body={
                "node": DISTRICT_B,
                "name": "越权名单",
                "category": "wanted",
                "legal_basis": "《刑事诉讼法》第一百五十五条",
                "review_period_days": 90,
            },
        ),
    }

    def in_scope(self, world: World) -> Any:
        return _list(world, "officer_a", DISTRICT_A)

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            make_list(world, by="officer_a", node=DISTRICT_A, name=f"名单{i}")

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
    writes = {"renew": Write("post", "renew/"), "remove": Write("delete")}
    not_applicable = {"page": "an entry is shown on its list's page, which TestWatchListScope proves"}

    def add_rows(self, world: World, count: int) -> None:
        watchlist = _list(world, "officer_a", DISTRICT_A)
        start = WatchEntry.objects.count()
        for i in range(count):
            id_number = synthetic_id_number(region="320106", birth=date(1980, 1, 1), seq=start + i + 500)
            add_entry(world, watchlist, by="officer_a", id_number=id_number, name=f"丁某{i}")

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
    # A check is made by the verify endpoint, of an ID number rather than of a record in a place.
    writes = {
        "check": Write("post", "/api/v1/verify/", {"id_number": NEW_ID, "purpose": "巡逻"}, out_of_scope_status=None)
    }
    not_applicable = {
        "search": "past checks are filtered by outcome and kind of query; what was checked is never searched"
    }

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            verify_check(actor=world.officer_a, id_number=ID_A, purpose="巡逻")

    def _check(self, world: World, by: str) -> VerificationCheck:
        found = VerificationCheck.objects.filter(checked_by=world.users[by]).first()
        return found or verify_check(actor=world.users[by], id_number=ID_A, purpose="巡逻").check

    def in_scope(self, world: World) -> Any:
        return self._check(world, "officer_a")

    def out_of_scope(self, world: World) -> Any:
        return self._check(world, "officer_b")

    def page_url(self, obj: Any) -> str | None:
        return f"/verify/checks/{obj.pk}/"
