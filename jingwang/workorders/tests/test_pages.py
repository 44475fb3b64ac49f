"""The work-order pages hold to the page contract (scope, 404, 403, query count)."""

from __future__ import annotations

from typing import Any

from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World
from jingwang.workorders import views
from jingwang.workorders.tests.test_workorders import departments, raise_order


class TestWorkOrderPages(ScopedPageContract):
    list_page = views.WorkOrderListView
    detail_page = views.WorkOrderDetailView
    other_pages = (views.RaiseView,)
    viewer = "officer_a"
    no_permission_user = "resident"

    def in_scope(self, world: World) -> Any:
        return self._made(world, "in", lambda: raise_order(world, departments(world)[0], title="甲网格井盖"))

    def out_of_scope(self, world: World) -> Any:
        grid = "grid:320106001002001"
        return self._made(
            world, "out", lambda: raise_order(world, departments(world)[1], by=world.grid_b1, grid=grid, title="乙网格")
        )

    def more_in_scope(self, world: World, i: int) -> Any:
        return self._made(world, i, lambda: raise_order(world, departments(world)[0], title=f"井盖{i}"))

    def _made(self, world: World, key: Any, make: Any) -> Any:
        cache = world.__dict__.setdefault("_order_pages", {})
        if key not in cache:
            cache[key] = make()
        return cache[key]
