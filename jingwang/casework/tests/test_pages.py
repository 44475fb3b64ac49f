"""The case pages hold to the page contract (scope, 404, 403, query count)."""

from __future__ import annotations

from typing import Any

from jingwang.casework import views
from jingwang.casework.testing import open_sample
from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World


class TestCasePages(ScopedPageContract):
    list_page = views.CaseListView
    detail_page = views.CaseDetailView
    viewer = "officer_a"
    no_permission_user = "resident"
    list_params = {"show": "", "open": "true"}

    def in_scope(self, world: World) -> Any:
        return self._made(world, "in", lambda: open_sample(world, title="甲网格案件"))

    def out_of_scope(self, world: World) -> Any:
        return self._made(
            world, "out", lambda: open_sample(world, grid="grid:320106001002001", by="officer_b", title="乙网格案件")
        )

    def more_in_scope(self, world: World, i: int) -> Any:
        return self._made(world, i, lambda: open_sample(world, title=f"案件{i}"))

    def _made(self, world: World, key: Any, make: Any) -> Any:
        cache = world.__dict__.setdefault("_case_pages", {})
        if key not in cache:
            cache[key] = make()
        return cache[key]
