"""Shared by the upload tests: a private data folder, and a work order and a dispute waiting for files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import override_settings

from jingwang.casework.catalogue import department_set_members
from jingwang.casework.models import Department
from jingwang.casework.services import case_transition
from jingwang.disputes.tests.conftest import referred
from jingwang.focus.tests.conftest import make_listing, open_followup
from jingwang.testing import World
from jingwang.verification.tests.conftest import make_list
from jingwang.workorders.models import WorkOrder
from jingwang.workorders.services import workorder_raise


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path) -> Iterator[None]:
    with override_settings(DATA_DIR=tmp_path):
        yield


@dataclass
class Target:
    """Everything the endpoints write to, set up once per test."""

    world: World
    department: Department
    order: WorkOrder  # accepted by the department: the next step is the report with evidence
    dispute_id: int  # referred to the mediator: the next step is a session with the agreement
    watchlist_id: int
    followup_id: int = 0  # a focus person's due follow-up (released prisoner): recorded with photos
    followup_case_id: int = 0


@pytest.fixture
def target(world: World) -> Target:
    department, _ = Department.objects.get_or_create(name="城管局", defaults={"default_deadline_hours": 48})
    department_set_members(by=None, department_id=department.pk, members=[world.dept])
    order = workorder_raise(
        by=world.grid_a1,
        grid=world.node("grid:320106001001001"),
        department=department,
        title="井盖缺失",
        description="宁海路5号门口井盖缺失",
    )
    case_transition(by=world.dept, case_id=order.case_id, transition="accept")
    followup = open_followup(make_listing(world))
    return Target(world, department, order, referred(world).pk, make_list(world).pk, followup.pk, followup.case_id)
