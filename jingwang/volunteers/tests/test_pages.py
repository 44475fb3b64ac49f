"""The page contracts of the volunteers' pages."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World
from jingwang.volunteers import views
from jingwang.volunteers.tests.factories import B1, team, volunteer

pytestmark = pytest.mark.django_db


def _made(world: World, name: str, key: Any, make: Any) -> Any:
    cache = world.__dict__.setdefault(name, {})
    if key not in cache:
        cache[key] = make()
    return cache[key]


class TestVolunteerPages(ScopedPageContract):
    list_page = views.VolunteerListView
    detail_page = views.VolunteerView
    other_pages = (views.VolunteerAddView, views.JoinView)
    viewer = "officer_a"
    no_permission_user = "dept"

    def in_scope(self, world: World) -> Any:
        return _made(world, "_vp", "in", lambda: volunteer(world, name="页内志愿者"))

    def out_of_scope(self, world: World) -> Any:
        return _made(world, "_vp", "out", lambda: volunteer(world, B1, name="页外志愿者"))

    def more_in_scope(self, world: World, i: int) -> Any:
        return _made(world, "_vp", i, lambda: volunteer(world, name=f"志愿者{i}", team=team(world, name=f"队{i}")))


class TestTeamPages(ScopedPageContract):
    list_page = views.TeamListView
    detail_page = views.TeamView
    other_pages = (views.TeamAddView,)
    viewer = "officer_a"
    no_permission_user = "dept"

    def in_scope(self, world: World) -> Any:
        return _made(world, "_tp", "in", lambda: team(world, name="页内队"))

    def out_of_scope(self, world: World) -> Any:
        return _made(world, "_tp", "out", lambda: team(world, "police_district:320106001002", name="页外队"))

    def more_in_scope(self, world: World, i: int) -> Any:
        return _made(world, "_tp", i, lambda: team(world, name=f"队伍{i}"))
