"""Migration 0003 keeps the data: evidence rows become the case's files, and the work order's
copies of its report and confirmation live on in the case's timeline (and come back when the
migration is reversed)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from jingwang import upload_testing
from jingwang.casework.catalogue import department_set_members
from jingwang.casework.models import CaseAttachment, CaseEvent, Department
from jingwang.casework.moves import case_move
from jingwang.testing import World
from jingwang.workorders.models import WorkOrder
from jingwang.workorders.services import workorder_raise

BEFORE = [("workorders", "0002_evidence_sha256")]
AFTER = [("workorders", "0003_timeline_and_case_files")]


def _migrate(target: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_evidence_and_the_reports_copies_survive_the_migration_both_ways(world: World, tmp_path: Any) -> None:
    department = Department.objects.create(name="城管局", default_deadline_hours=48)
    department_set_members(by=None, department_id=department.pk, members=[world.dept])
    with override_settings(DATA_DIR=tmp_path):
        order = workorder_raise(
            by=world.grid_a1,
            grid=world.node("grid:320106001001001"),
            department=department,
            title="井盖缺失",
            description="宁海路5号门口井盖缺失",
            files=[SimpleUploadedFile("现场.png", upload_testing.png(), content_type="image/png")],
        )
        for by, move, note in (
            (world.dept, "accept", ""),
            (world.dept, "report", "已补装"),
            (world.grid_a1, "confirm", "好"),
        ):
            case_move(by=by, case=order.case, transition=move, data={"note": note})
        older = workorder_raise(
            by=world.grid_a1,
            grid=world.node("grid:320106001001001"),
            department=department,
            title="路灯不亮",
            description="三盏路灯不亮",
        )

    try:
        old = _migrate(BEFORE)
        OldOrder, Evidence = old.get_model("workorders", "WorkOrder"), old.get_model("workorders", "Evidence")
        back = OldOrder.objects.get(pk=order.pk)
        assert (back.report, back.confirmation_note, back.confirmed_by_id) == ("已补装", "好", world.grid_a1.pk)
        assert list(Evidence.objects.values_list("workorder_id", "stage", "name")) == [(order.pk, "raised", "现场.png")]
        # A row from before the engine kept its timeline: a report only the work order holds.
        OldOrder.objects.filter(pk=older.pk).update(report="旧的报告", reported_by_id=world.dept.pk)
    finally:
        _migrate(AFTER)  # the schema the other tests expect, whatever happened
    assert list(CaseAttachment.objects.values_list("case_id", "stage", "name")) == [
        (order.case_id, "opened", "现场.png")
    ]
    kept = CaseEvent.objects.get(case_id=older.case_id, data__transition="report")
    assert (kept.note, kept.actor_id, kept.to_state) == ("旧的报告", world.dept.pk, "reported")
    assert CaseEvent.objects.filter(case_id=order.case_id, data__transition="report").count() == 1
    assert WorkOrder.objects.count() == 2
