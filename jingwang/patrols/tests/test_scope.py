"""The generic scope contract for the patrols API: by the patrol's area."""

from __future__ import annotations

from typing import Any

from jingwang.patrols.models import CheckIn, Patrol
from jingwang.patrols.tests import fixtures as f
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World


class TestPatrolScope(ScopedResourceContract):
    list_url = "/api/v1/patrols/"
    model = Patrol
    viewer = "officer_a"
    no_permission_user = "mediator"
    search_param = "q"
    writes = {
        "create": Write(
            "post",
            on_list=True,
            body=lambda p: {"title": "越权巡逻", "kind": "ad_hoc", "area": f"grid:{p.area.code}"},
            out_of_scope_status=400,
        ),
        "checkin": Write("post", "checkin/", {"seen": "越权签到"}),
        "finish": Write("post", "finish/"),
    }

    def in_scope(self, world: World) -> Any:
        return f.patrol(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.patrol(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        start = Patrol.objects.count()
        for i in range(count):
            f.patrol(world, "in", f"more{start + i}", members=("volunteer",))

    def search_term(self, obj: Any) -> str:
        return str(obj.title)

    def page_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())


class TestVolunteerPatrolScope(TestPatrolScope):
    """A volunteer sees the patrols over the grids of their community, never another's."""

    viewer = "volunteer"
    writes = {"checkin": Write("post", "checkin/", {"seen": "越权签到"}, by="officer_a")}


class TestCheckInScope(ScopedResourceContract):
    list_url = "/api/v1/patrol-checkins/"
    model = CheckIn
    viewer = "officer_a"
    no_permission_user = "mediator"
    search_param = "q"
    not_applicable = {"page": "check-ins are shown on their patrol's page"}

    def in_scope(self, world: World) -> Any:
        return f.checkin(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.checkin(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        start = CheckIn.objects.count()
        for i in range(count):
            f.checkin(world, "in", f"more{start + i}")

    def search_term(self, obj: Any) -> str:
        return str(obj.seen)
