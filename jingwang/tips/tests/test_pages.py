"""The staff's tip and evaluation pages hold to the page contract (scope, 404, 403, query count)."""

from __future__ import annotations

from typing import Any

from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World
from jingwang.tips import views
from jingwang.tips.models import Evaluation
from jingwang.tips.tests import fixtures as f


class TestTipPages(ScopedPageContract):
    list_page = views.TipListView
    detail_page = views.TipView
    viewer = "officer_a"
    # Grid workers read cases, not who sent a tip: the reporter is known to the police alone.
    no_permission_user = "grid_a1"

    def in_scope(self, world: World) -> Any:
        return f.tip(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.tip(world, "out")

    def more_in_scope(self, world: World, i: int) -> Any:
        return f.tip(world, "in", i + 1)


def evaluation(world: World, where: str, n: int) -> Evaluation:
    grid = world.node("grid:320106001001001" if where == "in" else "grid:320106001002001")
    officer = world.officer_a if where == "in" else world.officer_b
    made, _ = Evaluation.objects.get_or_create(
        kind="tips.tip",
        object_id=n if where == "in" else 10_000 + n,
        period="",
        resident=world.resident,
        defaults={"rating": 4, "comment": f"评议{where}{n}", "officer": officer, "grid": grid},
    )
    return made


class TestEvaluationPages(ScopedPageContract):
    list_page = views.EvaluationListView
    viewer = "officer_a"
    no_permission_user = "grid_a1"

    def marker(self, obj: Any) -> str:
        return obj.comment

    def in_scope(self, world: World) -> Any:
        return evaluation(world, "in", 0)

    def out_of_scope(self, world: World) -> Any:
        return evaluation(world, "out", 0)

    def more_in_scope(self, world: World, i: int) -> Any:
        return evaluation(world, "in", i + 1)
