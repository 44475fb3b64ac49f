"""The venues sweep: licence reminders once, grades that recover as points leave the twelve-month
window, and routine inspections at the grade's interval."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from jingwang.notifications.models import Notification
from jingwang.testing import World
from jingwang.venues.inspections import routine_inspections_due, venues_regrade_all
from jingwang.venues.models import Deduction, Grade, Inspection, InspectionKind, Venue
from jingwang.venues.services import licences_expiring
from jingwang.worker.jobs import run_pending

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_licence_expiry_is_reminded_once_to_officer_and_operator(world: World, hotel_a: Venue) -> None:
    Venue.objects.filter(pk=hotel_a.pk).update(licence_valid_until=T0.date() + timedelta(days=31))
    assert licences_expiring(T0.date()) == 0  # not yet within the 30 days
    assert licences_expiring(T0.date() + timedelta(days=1)) == 1
    assert licences_expiring(T0.date() + timedelta(days=2)) == 0
    told = Notification.objects.filter(kind="venues.licence")
    assert sorted(n.recipient.username for n in told) == ["officer_a", "venue_op_a"]
    Venue.objects.filter(pk=hotel_a.pk).update(licence_valid_until=T0.date() + timedelta(days=400))  # renewed
    assert licences_expiring(T0.date() + timedelta(days=380)) == 1  # the new licence is reminded in its turn


def test_grade_recovers_when_points_leave_the_twelve_months(world: World, hotel_a: Venue) -> None:
    Deduction.objects.create(venue=hotel_a, points=10, reason="重大火灾隐患", at=T0)
    venues_regrade_all(T0)
    assert Venue.objects.get(pk=hotel_a.pk).grade == Grade.D
    with time_machine.travel(T0 + timedelta(days=364), tick=False):
        venues_regrade_all()
    assert Venue.objects.get(pk=hotel_a.pk).grade == Grade.D
    with time_machine.travel(T0 + timedelta(days=366), tick=False):
        assert venues_regrade_all() == 1
    assert Venue.objects.get(pk=hotel_a.pk).grade == Grade.A


def test_routine_inspection_opens_at_the_grade_interval_once(world: World, hotel_a: Venue) -> None:
    Venue.objects.filter(pk=hotel_a.pk).update(grade=Grade.D, last_inspected_at=T0)  # weekly
    with time_machine.travel(T0 + timedelta(days=6), tick=False):
        assert routine_inspections_due() == 0
    with time_machine.travel(T0 + timedelta(days=7), tick=False):
        assert routine_inspections_due() == 1
        assert routine_inspections_due() == 0  # the open one stops the next
    assert Inspection.objects.get().kind == InspectionKind.ROUTINE


def test_the_sweep_job_runs_from_the_worker(world: World, hotel_a: Venue) -> None:
    Venue.objects.filter(pk=hotel_a.pk).update(licence_valid_until=timezone.localdate() + timedelta(days=3))
    from jingwang.worker.jobs import enqueue

    enqueue("venues.sweep", {})
    run_pending()
    assert Notification.objects.filter(kind="venues.licence").exists()
