"""Frozen-clock tests: a hazard notified with a deadline warns at two thirds of it, escalates to
the station leader at the deadline, and is handed over as one work order — once, whether the sweep
runs twice, as the periodic job twice, or in two workers at the same moment."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import close_old_connections, connection

from jingwang.casework.models import Case
from jingwang.casework.services import case_transition
from jingwang.casework.sweep import sweep
from jingwang.hazards.models import Hazard
from jingwang.hazards.services import hazards_overdue
from jingwang.hazards.tests import fixtures as f
from jingwang.notifications.models import Notification
from jingwang.testing import World
from jingwang.worker.jobs import enqueue, run_pending
from jingwang.workorders.models import SourceKind, WorkOrder

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _notified_at_t0(world: World) -> Hazard:
    with time_machine.travel(T0, tick=False):
        return f.notified(world, days=3)


def test_notice_sets_the_deadline_from_the_days_given(world: World) -> None:
    hazard = _notified_at_t0(world)
    assert hazard.rectify_by == T0 + timedelta(days=3)
    assert hazard.responsible_kind == "property" and hazard.responsible_name == "金陵物业"
    assert Case.objects.get(pk=hazard.case_id).red_at == hazard.rectify_by


def test_overdue_hazard_warns_escalates_and_is_handed_over_once(world: World) -> None:
    hazard = _notified_at_t0(world)
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        sweep()
        assert hazards_overdue() == 0
    assert Case.objects.get(pk=hazard.case_id).warning == 0
    with time_machine.travel(T0 + timedelta(days=2, hours=1), tick=False):  # past two thirds
        sweep()
        assert hazards_overdue() == 0
    case = Case.objects.get(pk=hazard.case_id)
    assert case.warning == 1 and case.state == "notified"
    assert Notification.objects.filter(recipient=world.officer_a).exists()
    with time_machine.travel(T0 + timedelta(days=3, minutes=1), tick=False):  # past the deadline
        sweep()
        case = Case.objects.get(pk=hazard.case_id)
        assert case.warning == 2 and case.escalation >= 1  # red: the station leader is told
        assert Notification.objects.filter(recipient=world.leader).exists()
        assert hazards_overdue() == 1
        assert hazards_overdue() == 0
    assert Case.objects.get(pk=hazard.case_id).state == "handed_over"
    order = WorkOrder.objects.get()
    assert order.source_kind == SourceKind.HAZARD and order.source_case_id == hazard.case_id
    assert order.department.name == "区消防救援大队"  # e-bikes in the stairwell: the fire service
    assert Hazard.objects.get(pk=hazard.pk).workorder_id == order.pk
    assert Notification.objects.filter(kind="hazards.handed_over", recipient=world.officer_a).count() == 1


def test_periodic_job_run_twice_hands_over_once(world: World) -> None:
    _notified_at_t0(world)
    with time_machine.travel(T0 + timedelta(days=4), tick=False):
        for _ in range(2):
            enqueue("hazards.sweep", {})
            run_pending()
    assert WorkOrder.objects.count() == 1


def test_a_hazard_rectified_in_time_is_not_handed_over(world: World) -> None:
    hazard = _notified_at_t0(world)
    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        case_transition(by=world.officer_a, case_id=hazard.case_id, transition="rectify", note="已清理楼道")
    with time_machine.travel(T0 + timedelta(days=5), tick=False):
        assert hazards_overdue() == 0
    assert WorkOrder.objects.count() == 0


def test_serious_hazard_handed_over_by_hand_raises_one_work_order(world: World) -> None:
    hazard = f.hazard(world, "in", "serious", category="blocked_exit")
    assert hazard.serious  # the category is serious
    case_transition(
        by=world.officer_a, case_id=hazard.case_id, transition="hand_over", note="安全出口被封", payload={"to": ""}
    )
    order = WorkOrder.objects.get()
    assert order.department.name == "区消防救援大队"
    assert Case.objects.get(pk=hazard.case_id).state == "handed_over"


@pytest.mark.django_db(transaction=True)
def test_two_workers_sweeping_at_once_hand_over_once(world: World) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("an in-memory SQLite database is not shared between threads")
    from jingwang.hazards.catalogue import seed_categories
    from jingwang.hazards.models import Category

    seed_categories(Category)  # a transactional test's flush empties the seeded table
    _notified_at_t0(world)
    barrier = threading.Barrier(2)
    done: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            done.append(hazards_overdue(T0 + timedelta(days=4)))
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(done) == [0, 1]
    assert WorkOrder.objects.count() == 1
