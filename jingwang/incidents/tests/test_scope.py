"""The scope contracts of the incidents' API and pages."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.db import models

from jingwang.incidents.models import Incident
from jingwang.incidents.tests.factories import incident
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World

pytestmark = pytest.mark.django_db
B1 = "grid:320106001002001"


def _new(target: Incident) -> dict[str, Any]:
    return {
        "number": "NEW-1",
        "occurred_at": "2026-03-02 08:00",
        "category": "0301",
        "lon": target.lon,
        "lat": target.lat,
    }


class TestIncidentScope(ScopedResourceContract):
    model: ClassVar[type[models.Model]] = Incident
    list_url = "/api/v1/incidents/"
    viewer = "officer_a"
    no_permission_user = "dept"
    search_param = "q"
    writes = {"feed": Write("post", on_list=True, body=_new, out_of_scope_status=400)}

    def in_scope(self, world: World) -> Any:
        return self._make("in", lambda: incident(number="A-IN-1", victim_phone="13812345678"))

    def out_of_scope(self, world: World) -> Any:
        return self._make("out", lambda: incident(B1, number="B-OUT-1"))

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            incident()

    def search_term(self, obj: Any) -> str:
        return str(obj.number)

    def page_url(self, obj: Any) -> str | None:
        return f"/incidents/{obj.pk}/"

    def _make(self, key: str, make: Any) -> Any:
        cache = self.__dict__.setdefault("_made", {})
        if key not in cache:
            cache[key] = make()
        return cache[key]
