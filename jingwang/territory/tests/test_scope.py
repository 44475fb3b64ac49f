from __future__ import annotations

from typing import Any

from django.urls import reverse

from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.territory.importer import NodeSpec
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.services import territory_import
from jingwang.testing import World


class TestTerritoryNodeScope(ScopedResourceContract):
    list_url = "/api/v1/territory/nodes/"
    viewer = "officer_a"
    no_permission_user = "resident"
    model = Node
    search_param = "q"
    writes = {"edit": Write("patch", body={"name": "改名网格"})}
    editor = "sysadmin_a"

    def in_scope(self, world: World) -> Any:
        return world.node("grid:320106001001001")

    def out_of_scope(self, world: World) -> Any:
        return world.node("grid:320106001002001")

    def add_rows(self, world: World, count: int) -> None:
        start = Node.objects.filter(kind=NodeKind.MICRO_GRID).count()
        specs = [
            NodeSpec("t", NodeKind.MICRO_GRID, f"320106001001001{start + i:03d}", f"微网格{start + i}",
                     parent="grid:320106001001001")
            for i in range(count)
        ]  # fmt: skip
        report = territory_import(by=None, specs=specs)
        assert not report.plan.fatal, report.plan.fatal

    def page_url(self, obj: Any) -> str:
        return reverse("territory:node", args=[obj.kind, obj.code])
