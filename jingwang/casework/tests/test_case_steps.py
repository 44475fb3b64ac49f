"""A case type's path (`CaseType.path`) is shown as steps on every page of its cases, the current
state marked, a state off the path shown while the case is in it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from jingwang.casework.catalogue import department_set_members
from jingwang.casework.models import Department
from jingwang.casework.services import case_transition
from jingwang.casework.workflow import CaseType, Transition
from jingwang.testing import World, sign_in
from jingwang.workorders.services import workorder_raise

pytestmark = pytest.mark.django_db


def _steps(html: str) -> list[str]:
    found = re.search(r'<ol class="filters steps" data-testid="steps">(.*?)</ol>', html, re.S)
    assert found is not None, "no steps on the page"
    return [
        ("*" if "current" in attrs else "") + label for attrs, label in re.findall(r"<li([^>]*)>([^<]*)</li>", found[1])
    ]


def test_the_generic_case_page_and_the_type_page_show_the_path_with_the_current_state(world: World) -> None:
    department = Department.objects.create(name="城管局", default_deadline_hours=48)
    department_set_members(by=None, department_id=department.pk, members=[world.dept])
    order = workorder_raise(
        by=world.grid_a1,
        grid=world.node("grid:320106001001001"),
        department=department,
        title="井盖",
        description="缺失",
    )
    client = sign_in(Client(), world.grid_a1)
    for by, move in ((world.dept, "accept"), (world.dept, "report"), (world.grid_a1, "reopen")):
        case_transition(by=by, case_id=order.case_id, transition=move, note="说明")
    for url in (f"/cases/{order.case_id}/", f"/workorders/{order.pk}/"):
        assert _steps(client.get(url).content.decode()) == [
            "已吹哨",
            "已采纳",
            "办理中",
            "已反馈",
            "*已退回重办",
            "已确认办结",
        ]


def test_a_path_through_an_unknown_state_is_refused_when_the_type_is_declared() -> None:
    with pytest.raises(ValueError, match="path"):
        CaseType(
            code="x",
            label="x",
            states={"a": "A", "b": "B"},
            initial="a",
            closed_states={"b"},
            transitions=[Transition("go", "go", sources={"a"}, target="b")],
            path=("a", "c"),
        )
