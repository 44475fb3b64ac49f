"""The generic scope contract for cases: by territory, and by referral for mediators and
department staff (who see only the cases referred to them)."""

from __future__ import annotations

from typing import Any

from jingwang.casework.catalogue import department_set_members
from jingwang.casework.models import Case, Department
from jingwang.casework.services import case_refer
from jingwang.casework.testing import open_sample
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World


def _case(world: World, key: str, **kwargs: Any) -> Case:
    cache = world.__dict__.setdefault("_cases", {})
    if key not in cache:
        cache[key] = open_sample(world, title=f"案件{key}", **kwargs)
    return cache[key]


class TestCasesByTerritory(ScopedResourceContract):
    list_url = "/api/v1/cases/"
    viewer = "officer_a"
    no_permission_user = "resident"
    model = Case
    search_param = "q"
    writes = {
        "edit": Write("patch", body={"title": "改过的标题"}),
        "comment": Write("post", "comment/", {"text": "越权留言"}),
    }
    editor = "officer_a"

    def in_scope(self, world: World) -> Any:
        return _case(world, "A")

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            open_sample(world, title="又一案件")

    def out_of_scope(self, world: World) -> Any:
        return _case(world, "B", grid="grid:320106001002001", by="officer_b")

    def search_term(self, obj: Any) -> str:
        return str(obj.title)

    def page_url(self, obj: Any) -> str | None:
        return f"/cases/{obj.pk}/"


class TestCasesReferredToAMediator(ScopedResourceContract):
    """The mediator's scope covers the whole station, yet only the referred case shows."""

    list_url = "/api/v1/cases/"
    viewer = "mediator"
    no_permission_user = "volunteer"
    model = Case
    search_param = "q"
    writes = {"edit": Write("patch", body={"title": "改过的标题"})}
    editor = "mediator"

    def in_scope(self, world: World) -> Any:
        case = _case(world, "M")
        if case.handler_user_id is None:
            case = case_refer(by=world.officer_a, case_id=case.pk, handler_user=world.mediator)
            world.__dict__["_cases"]["M"] = case
        return case

    def out_of_scope(self, world: World) -> Any:
        return _case(world, "N")  # same grid, same station, not referred

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            case_refer(by=world.officer_a, case_id=open_sample(world, title="又一调解").pk, handler_user=world.mediator)

    def search_term(self, obj: Any) -> str:
        return str(obj.title)

    def page_url(self, obj: Any) -> str | None:
        return f"/cases/{obj.pk}/"


class TestCasesReferredToADepartment(ScopedResourceContract):
    """Department staff see the cases referred to their department, not another department's."""

    list_url = "/api/v1/cases/"
    viewer = "dept"
    no_permission_user = "auditor"
    model = Case
    search_param = "q"
    writes = {"edit": Write("patch", body={"title": "改过的标题"})}
    editor = "dept"

    def _departments(self, world: World) -> tuple[Department, Department]:
        ours, _ = Department.objects.get_or_create(name="城管局")
        theirs, _ = Department.objects.get_or_create(name="住建局")
        department_set_members(by=None, department_id=ours.pk, members=[world.dept])
        return ours, theirs

    def in_scope(self, world: World) -> Any:
        case = _case(world, "D")
        if case.handler_department_id is None:
            ours, _ = self._departments(world)
            world.__dict__["_cases"]["D"] = case_refer(by=world.officer_a, case_id=case.pk, handler_department=ours)
        return world.__dict__["_cases"]["D"]

    def out_of_scope(self, world: World) -> Any:
        case = _case(world, "E")
        if case.handler_department_id is None:
            _, theirs = self._departments(world)
            world.__dict__["_cases"]["E"] = case_refer(by=world.officer_a, case_id=case.pk, handler_department=theirs)
        return world.__dict__["_cases"]["E"]

    def add_rows(self, world: World, count: int) -> None:
        ours, _ = self._departments(world)
        for _ in range(count):
            case_refer(by=world.officer_a, case_id=open_sample(world, title="又一转办").pk, handler_department=ours)

    def search_term(self, obj: Any) -> str:
        return str(obj.title)

    def page_url(self, obj: Any) -> str | None:
        return f"/cases/{obj.pk}/"
