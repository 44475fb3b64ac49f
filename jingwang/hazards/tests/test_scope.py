"""The generic scope contract for the hazards API: by the case's grid."""

from __future__ import annotations

from typing import Any

from jingwang.hazards.models import Hazard
from jingwang.hazards.tests import fixtures as f
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World


class TestHazardScope(ScopedResourceContract):
    list_url = "/api/v1/hazards/"
    model = Hazard
    viewer = "officer_a"
    no_permission_user = "mediator"
    search_param = "q"
    writes = {
        "create": Write(
            "post",
            on_list=True,
            body=lambda h: {"grid": h.case.grid.code, "category": "flying_lead", "description": "越权上报"},
            out_of_scope_status=400,
        ),
    }

    def in_scope(self, world: World) -> Any:
        return f.hazard(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.hazard(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        start = Hazard.objects.count()
        for i in range(count):
            f.hazard(world, "in", f"more{start + i}")

    def search_term(self, obj: Any) -> str:
        return str(obj.case.number)

    def page_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())
