"""The scope contracts of the volunteers API: staff by territory, a volunteer their own only."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.db import models

from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World
from jingwang.volunteers.models import Team, Volunteer
from jingwang.volunteers.tests.factories import B1, team, volunteer

pytestmark = pytest.mark.django_db


class _Made:
    def _made(self, world: World, key: Any, make: Any) -> Any:
        cache = world.__dict__.setdefault(f"_{type(self).__name__}", {})
        if key not in cache:
            cache[key] = make()
        return cache[key]


class TestVolunteerScope(_Made, ScopedResourceContract):
    model: ClassVar[type[models.Model]] = Volunteer
    list_url = "/api/v1/volunteers/"
    viewer = "officer_a"
    no_permission_user = "dept"
    search_param = "q"
    writes = {
        "verify": Write("post", "verify/"),
        "leave": Write("post", "leave/"),
        "register": Write(
            "post", on_list=True, body={"name": "越权", "grid": "320106001002001"}, out_of_scope_status=400
        ),
    }

    def in_scope(self, world: World) -> Any:
        return self._made(world, "in", lambda: volunteer(world, name="甲区志愿者", status="applied"))

    def out_of_scope(self, world: World) -> Any:
        return self._made(world, "out", lambda: volunteer(world, B1, name="乙区志愿者", status="applied"))

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            volunteer(world, name=f"志愿者{i}")

    def page_url(self, obj: Any) -> str | None:
        return f"/volunteers/{obj.pk}/"


class TestVolunteerSeesOnlyThemselves(_Made, ScopedResourceContract):
    """A volunteer signed in sees their own record, never another volunteer of their community."""

    model: ClassVar[type[models.Model]] = Volunteer
    list_url = "/api/v1/volunteers/"
    viewer = "volunteer"
    no_permission_user = "dept"
    search_param = "q"
    writes = {"verify": Write("post", "verify/", by="officer_b")}
    not_applicable = {"query_count": "a volunteer has one record of their own"}

    def in_scope(self, world: World) -> Any:
        return self._made(world, "in", lambda: volunteer(world, name="本人", user=world.volunteer))

    def out_of_scope(self, world: World) -> Any:
        return self._made(world, "out", lambda: volunteer(world, name="同社区他人", status="applied"))

    def page_url(self, obj: Any) -> str | None:
        return f"/volunteers/{obj.pk}/"


class TestTeamScope(_Made, ScopedResourceContract):
    model: ClassVar[type[models.Model]] = Team
    list_url = "/api/v1/volunteer-teams/"
    viewer = "officer_a"
    no_permission_user = "dept"
    search_param = "q"

    def in_scope(self, world: World) -> Any:
        return self._made(world, "in", lambda: team(world, name="甲区义警队"))

    def out_of_scope(self, world: World) -> Any:
        return self._made(world, "out", lambda: team(world, "police_district:320106001002", name="乙区快递员队"))

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            team(world, name=f"队伍{i}")

    def page_url(self, obj: Any) -> str | None:
        return f"/volunteer-teams/{obj.pk}/".replace("/volunteer-teams/", "/volunteers/teams/")


class TestVolunteerSeesOnlyTheirTeam(_Made, ScopedResourceContract):
    model: ClassVar[type[models.Model]] = Team
    list_url = "/api/v1/volunteer-teams/"
    viewer = "volunteer"
    no_permission_user = "dept"
    search_param = "q"
    not_applicable = {"query_count": "a volunteer is in one team"}

    def in_scope(self, world: World) -> Any:
        def make() -> Team:
            mine = team(world, name="我的平安志愿队", kind="safety")
            volunteer(world, name="本人", user=world.volunteer, team=mine)
            return mine

        return self._made(world, "in", make)

    def out_of_scope(self, world: World) -> Any:
        return self._made(world, "out", lambda: team(world, name="同区另一队"))

    def page_url(self, obj: Any) -> str | None:
        return f"/volunteers/teams/{obj.pk}/"
