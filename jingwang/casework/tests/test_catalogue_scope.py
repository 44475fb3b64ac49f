"""The generic contract for the casework catalogues (departments, deadline policies): settings with
no territory, read by the staff who need them and changed by the system administrator alone."""

from __future__ import annotations

from typing import Any

from jingwang.casework.models import DeadlinePolicy, Department
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World

NO_TERRITORY = "a catalogue shared by the whole city: it has no territory"


class TestDepartmentCatalogue(ScopedResourceContract):
    list_url = "/api/v1/departments/"
    viewer = "officer_a"
    no_permission_user = "auditor"
    model = Department
    search_param = "q"
    # Who reads a department (the officer) may not change it.
    writes = {
        "edit": Write("patch", body={"phone": "025-00000000"}, denied_to="officer_a"),
        "members": Write("put", "members/", {"usernames": ["officer_a"]}, denied_to="officer_a"),
    }
    not_applicable = {"out_of_scope": NO_TERRITORY}

    def in_scope(self, world: World) -> Any:
        return Department.objects.get_or_create(name="城管局")[0]

    def add_rows(self, world: World, count: int) -> None:
        start = Department.objects.count()
        for i in range(start, start + count):
            Department.objects.create(name=f"部门{i}")


class TestDeadlinePolicyCatalogue(ScopedResourceContract):
    list_url = "/api/v1/deadline-policies/"
    viewer = "leader"
    no_permission_user = "officer_a"
    model = DeadlinePolicy
    writes = {"edit": Write("patch", body={"red_hours": 1}, denied_to="leader")}
    not_applicable = {"out_of_scope": NO_TERRITORY}

    def in_scope(self, world: World) -> Any:
        return DeadlinePolicy.objects.first() or DeadlinePolicy.objects.create(yellow_hours=24, red_hours=48)

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            DeadlinePolicy.objects.create(kind=f"k{DeadlinePolicy.objects.count()}", yellow_hours=24 + i, red_hours=48)
