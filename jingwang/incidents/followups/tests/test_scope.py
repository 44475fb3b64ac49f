"""The scope contracts of the follow-ups' API: cases from incidents, return visits, bulletins
(the police by territory; residents of the community, published bulletins only)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.db import models

from jingwang.incidents.followups.models import Bulletin, IncidentCase, ReturnVisit
from jingwang.incidents.followups.tests.contract_data import B1, Made, bulletin, incident_case, return_visit
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World

pytestmark = pytest.mark.django_db
NO_SEARCH = {"search": "listed by their case; searched on the cases' and incidents' own lists"}


def _open_again(target: IncidentCase) -> dict[str, Any]:
    return {"incident": target.incident_id, "kind": "dispute", "dispute_kind": "neighbours"}


class TestIncidentCaseScope(Made, ScopedResourceContract):
    model: ClassVar[type[models.Model]] = IncidentCase
    list_url = "/api/v1/incident-cases/"
    viewer = "officer_a"
    no_permission_user = "mediator"
    writes = {"open": Write("post", on_list=True, body=_open_again)}
    not_applicable = {**NO_SEARCH, "page": "shown on its case's page"}

    def in_scope(self, world: World) -> Any:
        return self.made("in", lambda: incident_case(world))

    def out_of_scope(self, world: World) -> Any:
        return self.made("out", lambda: incident_case(world, B1))

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            incident_case(world)


class TestReturnVisitScope(Made, ScopedResourceContract):
    model: ClassVar[type[models.Model]] = ReturnVisit
    list_url = "/api/v1/return-visits/"
    viewer = "officer_a"
    no_permission_user = "mediator"
    not_applicable = NO_SEARCH

    def in_scope(self, world: World) -> Any:
        return self.made("in", lambda: return_visit(world))

    def out_of_scope(self, world: World) -> Any:
        return self.made("out", lambda: return_visit(world, B1))

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            return_visit(world)

    def page_url(self, obj: Any) -> str | None:
        return f"/incidents/followups/return-visits/{obj.pk}/"


class TestBulletinScope(Made, ScopedResourceContract):
    model: ClassVar[type[models.Model]] = Bulletin
    list_url = "/api/v1/incident-bulletins/"
    viewer = "officer_a"
    no_permission_user = "mediator"
    writes = {"publish": Write("post", "publish/")}
    not_applicable = {"search": "a community's bulletins are few: listed by period"}

    def in_scope(self, world: World) -> Any:
        return self.made("in", lambda: bulletin(world))

    def out_of_scope(self, world: World) -> Any:
        return self.made("out", lambda: bulletin(world, B1))

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            bulletin(world, n=i)

    def page_url(self, obj: Any) -> str | None:
        return f"/incidents/followups/bulletins/{obj.pk}/"


class TestBulletinResidentScope(Made, ScopedResourceContract):
    """A resident of community A reads its published bulletins; a draft is out of their scope."""

    model: ClassVar[type[models.Model]] = Bulletin
    list_url = "/api/v1/incident-bulletins/"
    viewer = "resident"
    no_permission_user = "mediator"
    writes = {"publish": Write("post", "publish/", by="officer_a", denied_to="resident", out_of_scope_status=404)}
    not_applicable = {"search": "a community's bulletins are few: listed by period"}

    def in_scope(self, world: World) -> Any:
        return self.made("in", lambda: bulletin(world, published=True))

    def out_of_scope(self, world: World) -> Any:
        return self.made("out", lambda: bulletin(world, B1, published=True))

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            bulletin(world, published=True, n=i)

    def page_url(self, obj: Any) -> str | None:
        return f"/incidents/followups/bulletins/{obj.pk}/"
