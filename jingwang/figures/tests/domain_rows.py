"""Rows of the domains' figures (hazards, visits, patrols, cameras, alerts, anti-fraud, tips and
appointments) in a month, made through each app's test fixtures and moved to their days, so that
the recomputation test has records of every declared figure to compare."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from jingwang.alerts.models import Alert, Delivery
from jingwang.alerts.tests.factories import send
from jingwang.antifraud.models import Outcome, Warning
from jingwang.antifraud.tests.fixtures import warning
from jingwang.cameras.models import CameraDay
from jingwang.cameras.tests.fixtures import day as camera_day
from jingwang.casework.models import Case
from jingwang.casework.services import case_transition
from jingwang.hazards.models import Hazard
from jingwang.hazards.tests.fixtures import hazard, notified
from jingwang.offices.models import PoliceOffice
from jingwang.patrols.models import CheckIn, Patrol
from jingwang.patrols.tests.fixtures import checkin, patrol
from jingwang.portal.models import Booking, BookingStatus, Service, Slot
from jingwang.testing import World
from jingwang.tips.tests.fixtures import closed_tip, tip
from jingwang.visits.models import Visit
from jingwang.visits.tests.fixtures import visit


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@dataclass
class Made:
    """What was made (so that a test can say what each figure must come to)."""

    hazards: dict[str, Hazard] = field(default_factory=dict)
    visits: list[Visit] = field(default_factory=list)
    bookings: list[Booking] = field(default_factory=list)


def _case_on(case_id: int, day: date, **more: Any) -> None:
    Case.objects.filter(pk=case_id).update(opened_at=at(day, 9), **more)


def seed_domain_rows(world: World, month: date) -> Made:
    made = Made()
    d = [month + timedelta(days=i) for i in range(28)]
    a, b = world.officer_a, world.officer_b

    # Hazards: in A1 one removed (rectified, re-checked, closed), one overdue; in B1 one handed over.
    removed = hazard(world, "in", "removed")
    case_transition(
        by=a,
        case_id=removed.case_id,
        transition="notify",
        note="已告知",
        payload={"responsible_kind": "property", "responsible_name": "金陵物业", "days": 3},
    )
    case_transition(by=a, case_id=removed.case_id, transition="rectify", note="已清理楼道电动车")
    case_transition(by=a, case_id=removed.case_id, transition="recheck", note="复查合格")
    _case_on(removed.case_id, d[1], closed_at=at(d[6]))
    overdue = notified(world, "in", "overdue", days=1)
    _case_on(overdue.case_id, d[2])
    Hazard.objects.filter(pk=overdue.pk).update(rectify_by=at(d[3]))
    handed = hazard(world, "out", "handed")
    case_transition(by=b, case_id=handed.case_id, transition="hand_over", note="重大隐患，移交消防")
    _case_on(handed.case_id, d[4], closed_at=at(d[5]))
    Hazard.objects.filter(pk=handed.pk).update(handed_over_at=at(d[5]))
    made.hazards = {"removed": removed, "overdue": overdue, "handed": handed}

    # Home visits: two in A1, one in B1.
    for i, (where, day) in enumerate([("in", d[3]), ("in", d[10]), ("out", d[12])]):
        v = visit(world, where, f"fig{i}")
        Visit.objects.filter(pk=v.pk).update(visited_at=at(day))
        made.visits.append(v)

    # Patrols: one finished in A1 with two check-ins, one still planned in B1.
    done = patrol(world, "in", "fig")
    for i in range(2):
        c = checkin(world, "in", f"fig{i}")
        CheckIn.objects.filter(pk=c.pk).update(at=at(d[7], 20 + i))
    Patrol.objects.filter(pk=done.pk).update(status="done", started_at=at(d[7], 19), ended_at=at(d[7], 22))
    patrol(world, "out", "fig")

    # Cameras: a day at target and a day below it in A1, one below in B1.
    for where, i, ok in [("in", 0, 85_000), ("in", 1, 80_000), ("out", 0, 70_000)]:
        cd = camera_day(world, where, i)
        CameraDay.objects.filter(pk=cd.pk).update(day=d[8], ok_s=ok)

    # Alerts: one alert from officer_a's district, one of its deliveries acknowledged.
    alert = send(world)
    Alert.objects.filter(pk=alert.pk).update(created_at=at(d[9]))
    Delivery.objects.filter(alert=alert).update(delivered_at=at(d[9]))
    first = Delivery.objects.filter(alert=alert).order_by("pk").first()
    if first is not None:
        Delivery.objects.filter(pk=first.pk).update(acknowledged_at=at(d[9], 11))

    # Anti-fraud: in A1 one dissuaded face to face, one defrauded; in B1 one not reached.
    for where, ref, outcome, visited in [
        ("in", "FIG-1", Outcome.DISSUADED, True),
        ("in", "FIG-2", Outcome.DEFRAUDED, False),
        ("out", "FIG-3", Outcome.NOT_REACHED, False),
    ]:
        w = warning(world, where, ref=ref)
        Warning.objects.filter(pk=w.pk).update(
            received_at=at(d[11]), outcome=outcome, outcome_at=at(d[12]), visited_at=at(d[11], 15) if visited else None
        )

    # Tips: in A1 one solved, one not solved, one still new.
    for t in [closed_tip(world, "solve", 71), closed_tip(world, "unsolved", 72), tip(world, "in", 73)]:
        _case_on(t.case_id, d[13])

    # Appointments at officer_a's district's office: one kept, one cancelled.
    office = PoliceOffice.objects.create(district=world.node("police_district:320106001001"), name="甲警务室")
    service = Service.objects.create(office=office, name="居住证办理")
    for i, status in enumerate([BookingStatus.BOOKED, BookingStatus.CANCELLED]):
        slot = Slot.objects.create(service=service, starts_at=at(d[14], 9 + i))
        made.bookings.append(Booking.objects.create(slot=slot, resident=world.users["resident"], status=status))
    return made
