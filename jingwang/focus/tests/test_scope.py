"""The scope contract of the focus API resources (jingwang/scope_contract.py)."""

from __future__ import annotations

from typing import Any

from jingwang.focus.followups import lost_contact_report
from jingwang.focus.models import Followup, Listing, LostContact
from jingwang.focus.tests.conftest import A1, B1, make_listing, open_followup
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World


class _Made:
    made: dict[Any, Any]

    def _once(self, key: Any, make: Any) -> Any:
        if not hasattr(self, "made"):
            self.made = {}
        if key not in self.made:
            self.made[key] = make()
        return self.made[key]


class TestListingScope(_Made, ScopedResourceContract):
    list_url = "/api/v1/focus-listings/"
    model = Listing
    viewer = "officer_a"
    no_permission_user = "mediator"
    search_param = "q"
    writes = {
        "renew": Write("post", "renew/", {"review_date": "2031-01-01", "reason": "越权"}, denied_to="aux_a"),
        "delist": Write("post", "delist/", {"reason": "越权"}, denied_to="aux_a"),
        "create": Write(
            "post",
            on_list=True,
            body=lambda t: {
                "person": t.person_id,
                "category": t.category_id,
                "tier": "serious",
                "legal_basis": "越权",
                "review_date": "2031-01-01",
            },
            denied_to="aux_a",
        ),
    }

    def in_scope(self, world: World) -> Any:
        return self._once(0, lambda: make_listing(world, A1, "甲内"))

    def out_of_scope(self, world: World) -> Any:
        return self._once(-1, lambda: make_listing(world, B1, "乙外", officer="officer_b", grid_worker="grid_b1"))

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            make_listing(world, A1, f"甲{Listing.objects.count()}")

    def search_term(self, obj: Any) -> str:
        return str(obj.person.name)

    def page_url(self, obj: Any) -> str:
        return f"/focus/{obj.pk}/"


class TestFollowupScope(_Made, ScopedResourceContract):
    list_url = "/api/v1/focus-followups/"
    model = Followup
    viewer = "officer_a"
    no_permission_user = "mediator"
    search_param = "q"
    writes = {"sign": Write("post", "sign/", {"note": "越权"}, by="care_a")}

    def in_scope(self, world: World) -> Any:
        return self._once(0, lambda: open_followup(make_listing(world, A1, "甲内")))

    def out_of_scope(self, world: World) -> Any:
        return self._once(
            -1, lambda: open_followup(make_listing(world, B1, "乙外", officer="officer_b", grid_worker="grid_b1"))
        )

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            make_listing(world, A1, f"甲{Listing.objects.count()}")

    def search_term(self, obj: Any) -> str:
        return str(obj.listing.person.name)

    def page_url(self, obj: Any) -> str:
        return f"/focus/followups/{obj.pk}/"


class TestFollowupsOfAGridWorker(TestFollowupScope):
    """A grid worker: only the follow-ups of persons assigned to them, even in their own grid."""

    viewer = "grid_a1"

    def out_of_scope(self, world: World) -> Any:
        return self._once(-1, lambda: open_followup(make_listing(world, A1, "甲未派", grid_worker=None)))


class TestLostContactScope(_Made, ScopedResourceContract):
    list_url = "/api/v1/focus-lost-contacts/"
    model = LostContact
    viewer = "officer_a"
    no_permission_user = "dept"
    search_param = "q"
    writes = {
        "report": Write(
            "post",
            on_list=True,
            body=lambda t: {
                "followup": Followup.objects.filter(listing_id=t.listing_id)[0].pk,
                "last_seen": "越权",
            },
        )
    }

    def _lost(
        self, world: World, grid: str, name: str, officer: str = "officer_a", grid_worker: str = "grid_a1"
    ) -> Any:
        listing = make_listing(world, grid, name, officer=officer, grid_worker=grid_worker)
        lost = lost_contact_report(by=world.users[officer], followup_id=open_followup(listing).pk, last_seen="三天前")
        return lost

    def in_scope(self, world: World) -> Any:
        return self._once(0, lambda: self._lost(world, A1, "甲内"))

    def out_of_scope(self, world: World) -> Any:
        return self._once(-1, lambda: self._lost(world, B1, "乙外", "officer_b", "grid_b1"))

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            self._lost(world, A1, f"甲{Listing.objects.count()}")

    def search_term(self, obj: Any) -> str:
        return str(obj.listing.person.name)

    def page_url(self, obj: Any) -> str:
        return f"/focus/lost/{obj.pk}/"
