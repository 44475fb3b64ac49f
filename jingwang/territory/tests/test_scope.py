from __future__ import annotations

from typing import Any

from django.urls import reverse

from jingwang.scope_contract import ScopedResourceContract
from jingwang.territory.models import Node
from jingwang.testing import World


class TestTerritoryNodeScope(ScopedResourceContract):
    list_url = "/api/v1/territory/nodes/"
    viewer = "officer_a"
    no_permission_user = "resident"
    model = Node
    search_param = "q"
    patch_payload = {"name": "改名网格"}
    editor = "sysadmin_a"

    def in_scope(self, world: World) -> Any:
        return world.node("grid:320106001001001")

    def out_of_scope(self, world: World) -> Any:
        return world.node("grid:320106001002001")

    def page_url(self, obj: Any) -> str:
        return reverse("territory:node", args=[obj.kind, obj.code])
