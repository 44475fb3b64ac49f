"""The page contracts of the follow-ups' pages."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.incidents.followups import views
from jingwang.incidents.followups.tests.contract_data import B1, Made, bulletin, return_visit
from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World

pytestmark = pytest.mark.django_db


class TestReturnVisitPages(Made, ScopedPageContract):
    list_page = views.ReturnVisitListView
    detail_page = views.ReturnVisitView
    other_pages = (views.FiguresView,)
    viewer = "officer_a"
    no_permission_user = "mediator"

    def in_scope(self, world: World) -> Any:
        return self.made("in", lambda: return_visit(world))

    def out_of_scope(self, world: World) -> Any:
        return self.made("out", lambda: return_visit(world, B1))

    def more_in_scope(self, world: World, i: int) -> Any:
        return self.made(i, lambda: return_visit(world))


class TestBulletinPages(Made, ScopedPageContract):
    list_page = views.BulletinListView
    detail_page = views.BulletinView
    other_pages = (views.BulletinDraftView,)
    viewer = "officer_a"
    no_permission_user = "mediator"

    def in_scope(self, world: World) -> Any:
        return self.made("in", lambda: bulletin(world))

    def out_of_scope(self, world: World) -> Any:
        return self.made("out", lambda: bulletin(world, B1))

    def more_in_scope(self, world: World, i: int) -> Any:
        return self.made(i, lambda: bulletin(world, n=i))
