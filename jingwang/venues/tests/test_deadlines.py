"""Frozen clock: the 24-hour staff filing and the 1-hour incident report deadlines fire exactly
once, on the right side of the boundary; an overdue rectification schedules a targeted
inspection (and a work order for a serious hazard) once, however often the sweep runs."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from jingwang.casework.models import Case, Department
from jingwang.casework.services import case_transition
from jingwang.notifications.models import Notification
from jingwang.testing import World
from jingwang.venues.inspections import inspection_open, rectifications_overdue
from jingwang.venues.models import Incident, Inspection, InspectionKind, Venue
from jingwang.venues.services import incident_report, staff_file
from jingwang.venues.tests.conftest import A1, make_venue, person_id
from jingwang.workorders.models import WorkOrder

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _told(world: World, kind: str) -> int:
    return Notification.objects.filter(recipient=world.officer_a, kind=kind).count()


def test_staff_filed_at_24_hours_is_on_time_and_a_second_later_is_late_and_told_once(
    world: World, hotel_a: Venue
) -> None:
    with time_machine.travel(T0 + timedelta(hours=24), tick=False):
        on_time = staff_file(
            by=world.venue_op_a, venue_id=hotel_a.pk, name="准时工", id_number=person_id(1), hired_at=T0
        )
    assert not on_time.is_late and _told(world, "venues.staff_late") == 0
    with time_machine.travel(T0 + timedelta(hours=24, seconds=1), tick=False):
        late = staff_file(by=world.venue_op_a, venue_id=hotel_a.pk, name="迟报工", id_number=person_id(2), hired_at=T0)
        assert late.is_late and late.deadline_at == T0 + timedelta(hours=24)
        assert _told(world, "venues.staff_late") == 1
        # the sweeps that run afterwards tell nobody again
        rectifications_overdue()
    assert _told(world, "venues.staff_late") == 1


def test_incident_reported_within_the_hour_is_on_time_later_is_marked_late_once(world: World, hotel_a: Venue) -> None:
    with time_machine.travel(T0 + timedelta(minutes=60), tick=False):
        on_time = incident_report(
            by=world.venue_op_a, venue_id=hotel_a.pk, kind="security", occurred_at=T0, description="客人酒后斗殴"
        )
    with time_machine.travel(T0 + timedelta(minutes=61), tick=False):
        late = incident_report(
            by=world.venue_op_a, venue_id=hotel_a.pk, kind="foreign", occurred_at=T0, description="境外旅客证件遗失"
        )
    assert not on_time.is_late and late.is_late and late.deadline_at == T0 + timedelta(hours=1)
    assert _told(world, "venues.incident_late") == 1 and _told(world, "venues.incident") == 1
    assert Incident.objects.filter(is_late=True).count() == 1
    # the incident is the police's case, with the engine's deadlines (escalation as usual)
    case = Case.objects.get(pk=late.case_id)
    assert case.kind == "venues.incident" and case.red_at == late.reported_at + timedelta(hours=2)


def _rectifying(world: World, venue: Venue, move: str = "notice") -> Inspection:
    inspection = inspection_open(by=world.officer_a, venue=venue, kind=InspectionKind.COMPLAINT)
    case_transition(by=world.officer_a, case_id=inspection.case_id, transition=move, note="消防通道堆放杂物")
    return Inspection.objects.get(pk=inspection.pk)


def test_overdue_rectification_schedules_one_targeted_inspection(world: World, hotel_a: Venue) -> None:
    with time_machine.travel(T0, tick=False):
        inspection = _rectifying(world, hotel_a)
    assert inspection.rectify_by == T0 + timedelta(days=hotel_a.trade.rectification_days)
    with time_machine.travel(inspection.rectify_by, tick=False):
        assert rectifications_overdue() == 0  # at the deadline it is not yet overdue
    with time_machine.travel(inspection.rectify_by + timedelta(seconds=1), tick=False):
        assert rectifications_overdue() == 1
        assert rectifications_overdue() == 0
    inspection.refresh_from_db()
    assert inspection.case.state == "overdue" and inspection.overdue_at is not None
    follow = Inspection.objects.get(follows=inspection)
    assert follow.kind == InspectionKind.OVERDUE and follow.case.state == "scheduled"
    assert follow.case.red_at == inspection.overdue_at + timedelta(days=3)
    assert inspection.workorder is None  # not a serious hazard
    assert _told(world, "venues.rectification_overdue") == 1
    hotel_a.refresh_from_db()
    assert hotel_a.points_deducted == 5 and hotel_a.grade == "B"  # notice 2 + overdue 3


def test_overdue_serious_fire_hazard_also_raises_a_work_order_to_the_fire_service(world: World) -> None:
    fire = Department.objects.create(name="区消防救援大队")
    venue = make_venue(world, A1, "星光KTV", "entertainment")
    with time_machine.travel(T0, tick=False):
        inspection = _rectifying(world, venue, "notice_fire")
    with time_machine.travel(T0 + timedelta(days=8), tick=False):
        rectifications_overdue()
        rectifications_overdue()
    order = WorkOrder.objects.get()
    assert order.department == fire and order.source_case_id == inspection.case_id
    assert "消防通道堆放杂物" in order.case.description
    assert Inspection.objects.filter(follows=inspection).count() == 1


def test_rectified_in_time_is_never_overdue(world: World, hotel_a: Venue) -> None:
    with time_machine.travel(T0, tick=False):
        inspection = _rectifying(world, hotel_a)
    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        case_transition(by=world.officer_a, case_id=inspection.case_id, transition="reinspect", note="已整改")
    with time_machine.travel(T0 + timedelta(days=30), tick=False):
        assert rectifications_overdue() == 0
    assert Inspection.objects.count() == 1 and timezone.now()
