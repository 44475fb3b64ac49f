"""The generic scope contract for the home visits API: by the visited place's grid."""

from __future__ import annotations

from typing import Any

from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World
from jingwang.visits.models import Visit
from jingwang.visits.tests import fixtures as f


class TestVisitScope(ScopedResourceContract):
    list_url = "/api/v1/visits/"
    model = Visit
    viewer = "officer_a"
    no_permission_user = "mediator"
    search_param = "q"
    writes = {
        "create": Write(
            "post", on_list=True, body=lambda v: {"unit": v.unit_id, "purpose": "routine"}, out_of_scope_status=400
        ),
    }

    def in_scope(self, world: World) -> Any:
        return f.visit(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.visit(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        start = Visit.objects.count()
        for i in range(count):
            f.visit(world, "in", f"more{start + i}")

    def search_term(self, obj: Any) -> str:
        return str(obj.unit.name)

    def page_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())
