from __future__ import annotations

from typing import Any

from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World
from jingwang.visits import views
from jingwang.visits.tests import fixtures as f


class TestVisitPages(ScopedPageContract):
    list_page = views.VisitListView
    detail_page = views.VisitView
    other_pages = (views.VisitAddView, views.FiguresView)
    viewer = "officer_a"
    no_permission_user = "mediator"

    def in_scope(self, world: World) -> Any:
        return f.visit(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.visit(world, "out")

    def more_in_scope(self, world: World, i: int) -> Any:
        return f.visit(world, "in", f"more{i}")
