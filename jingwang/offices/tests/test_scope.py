"""The generic scope contract for the police offices API: by territory."""

from __future__ import annotations

from typing import Any

from jingwang.offices.models import PoliceOffice
from jingwang.offices.tests import fixtures as f
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World


class TestOfficeScope(ScopedResourceContract):
    list_url = "/api/v1/police-offices/"
    model = PoliceOffice
    viewer = "officer_a"
    no_permission_user = "mediator"
    search_param = "q"
    writes = {
        "edit": Write("patch", body={"name": "改过"}),
        "create": Write(
            "post",
            on_list=True,
            body={"district": "320106001002", "name": "越权警务室", "address": "某路1号"},
            out_of_scope_status=400,
        ),
    }

    def in_scope(self, world: World) -> Any:
        return f.office(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.office(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            f.office(world, "in", f"more{PoliceOffice.objects.count()}-{i}")

    def search_term(self, obj: Any) -> str:
        return str(obj.name)

    def page_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())
