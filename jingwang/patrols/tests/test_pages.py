from __future__ import annotations

from typing import Any

from jingwang.page_contract import ScopedPageContract
from jingwang.patrols import views
from jingwang.patrols.tests import fixtures as f
from jingwang.testing import World


class TestPatrolPages(ScopedPageContract):
    list_page = views.PatrolListView
    detail_page = views.PatrolView
    other_pages = (
        views.PatrolPlanView,
        views.CheckInView,
        views.PatrolFinishView,
        views.RaiseHazardView,
        views.RaiseDisputeView,
        views.RaiseWorkOrderView,
    )
    viewer = "officer_a"
    no_permission_user = "mediator"

    def in_scope(self, world: World) -> Any:
        return f.patrol(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.patrol(world, "out")

    def more_in_scope(self, world: World, i: int) -> Any:
        return f.patrol(world, "in", f"more{i}")
