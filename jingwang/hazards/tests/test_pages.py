from __future__ import annotations

from typing import Any

from jingwang.hazards import views
from jingwang.hazards.tests import fixtures as f
from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World


class TestHazardPages(ScopedPageContract):
    list_page = views.HazardListView
    detail_page = views.HazardView
    other_pages = (views.HazardReportView,)
    viewer = "officer_a"
    no_permission_user = "mediator"

    def in_scope(self, world: World) -> Any:
        return f.hazard(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.hazard(world, "out")

    def more_in_scope(self, world: World, i: int) -> Any:
        return f.hazard(world, "in", f"more{i}")
