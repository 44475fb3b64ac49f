"""Cases of every real type, referred the way the reported bypass left them, for the rule tests."""

from __future__ import annotations

from typing import Any

from jingwang.accounts.services import user_create
from jingwang.casework.catalogue import department_set_members
from jingwang.casework.models import Case, Department
from jingwang.disputes.models import Dispute
from jingwang.disputes.services import intake
from jingwang.testing import PASSWORD, World
from jingwang.workorders.services import workorder_raise

A1 = "grid:320106001001001"
# The roles the issue names, one user each, all over grid A1 (the mediator and the department's
# staff reach a case only when it is referred to them).
ROLES = ["grid_a1", "aux_a", "officer_a", "leader", "mediator", "dept", "commander"]


def departments(world: World) -> tuple[Department, Department]:
    ours, _ = Department.objects.get_or_create(name="城管局")
    theirs, _ = Department.objects.get_or_create(name="住建局")
    department_set_members(by=None, department_id=ours.pk, members=[world.dept])
    return ours, theirs


def second_mediator(world: World) -> Any:
    if "mediator2" not in world.users:
        world.users["mediator2"] = user_create(
            by=None,
            username="mediator2",
            display_name="mediator2",
            password=PASSWORD,
            role="mediator",
            scopes=[world.node("station:320106001")],
        )
    return world.users["mediator2"]


def report_dispute(world: World, *, by: str = "grid_a1", title: str = "楼上漏水纠纷") -> Dispute:
    return intake.dispute_report(
        by=world.users[by],
        data={"title": title, "summary": "楼上住户漏水，楼下住户多次交涉未果。", "kind": "neighbours"},
        source="grid",
        grid=world.node(A1),
        parties=[intake.PartyIn(role="applicant", name="王芳", phone="13812345678")],
    )


def dispute_case(world: World) -> Case:
    """A reported dispute whose case names officer A as its handling officer, the mediator and (as
    the bypass left it) a department."""
    ours, _ = departments(world)
    d = report_dispute(world)
    Case.objects.filter(pk=d.case_id).update(
        assignee=world.officer_a, handler_user=world.mediator, handler_department=ours
    )
    return Case.objects.get(pk=d.case_id)


def workorder_case(world: World) -> Case:
    """A work order raised by grid worker A1 to the department, its case naming a mediator too."""
    ours, _ = departments(world)
    order = workorder_raise(
        by=world.grid_a1, grid=world.node(A1), department=ours, title="井盖缺失", description="宁海路5号门口井盖缺失"
    )
    Case.objects.filter(pk=order.case_id).update(handler_user=world.mediator)
    return Case.objects.get(pk=order.case_id)
