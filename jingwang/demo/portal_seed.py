"""The demo city's appointments: a police office for each police district that has none yet, and at
the first district's office the services residents book (居住证, 身份证挂失, 咨询) with time slots
on the coming working days; the demo resident's visit of a few days ago, rated, and a coming
appointment the officer cancelled (called away)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from jingwang.offices.models import PoliceOffice
from jingwang.portal.appointments import booking_cancel_by_office, booking_make, free_slots
from jingwang.portal.models import Booking, BookingStatus, Service, Slot
from jingwang.territory.models import Node, NodeKind
from jingwang.tips.selectors import APPOINTMENT
from jingwang.tips.services import evaluation_submit

SERVICES = [
    ("居住证办理", "身份证、租房合同或房产证、近期免冠照片", 20),
    ("身份证挂失", "户口簿或其他身份证明", 15),
    ("户籍业务咨询", "", 30),
]
DAYS = 7


def seed_portal(users: dict[str, Any] | None = None) -> dict[str, int]:
    offices = 0
    for i, district in enumerate(Node.objects.filter(kind=NodeKind.POLICE_DISTRICT).order_by("code"), start=1):
        if not PoliceOffice.objects.filter(district=district).exists():
            PoliceOffice.objects.create(
                district=district,
                name=f"{district.name}警务室",
                address=f"宁海路{i * 10}号",
                opening_hours="周一至周五 9:00-12:00，14:00-17:30",
                phone=f"025-8300{i:04d}",
                separate_room=True,
                has_sign=True,
            )
            offices += 1
    first = PoliceOffice.objects.filter(is_active=True).order_by("district__code", "name").first()
    if first is None:
        return {"offices": offices, "slots": 0}
    today = timezone.localdate()
    slots: list[Slot] = []
    for name, bring, minutes in SERVICES:
        service, _ = Service.objects.get_or_create(
            office=first, name=name, defaults={"description": bring, "duration_minutes": minutes}
        )
        for d in range(1, DAYS + 1):
            day = today + timedelta(days=d)
            if day.weekday() >= 5:
                continue
            start = timezone.make_aware(datetime.combine(day, time(9, 0)))
            slots += [
                Slot(service=service, starts_at=start + timedelta(minutes=minutes * n)) for n in range(180 // minutes)
            ]
    Slot.objects.bulk_create(slots, ignore_conflicts=True)
    _seed_bookings(first, users or {})
    return {"offices": offices, "slots": len(slots)}


def _seed_bookings(office: PoliceOffice, users: dict[str, Any]) -> None:
    """Once: a visit three days ago, rated by the resident (it counts in the officer's figures),
    and a coming appointment the district's officer cancelled with a reason, the slot closed."""
    resident, officer = users.get("resident"), users.get("officer")
    service = Service.objects.filter(office=office).order_by("name").first()
    if resident is None or officer is None or service is None:
        return
    if not Booking.objects.filter(resident=resident, slot__service__office=office).exists():
        when = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=3), time(10, 0)))
        past, _ = Slot.objects.get_or_create(service=service, starts_at=when)
        # History: the visit was booked before its time (no service books a time that has passed).
        visit = Booking.objects.create(slot=past, resident=resident, status=BookingStatus.BOOKED)
        evaluation_submit(
            resident=resident, kind=APPOINTMENT, object_id=visit.pk, rating=5, comment="材料一次讲清，办得很快"
        )
        coming = free_slots(service).first()
        if coming is not None:
            booking = booking_make(resident=resident, slot_id=coming.pk)
            booking_cancel_by_office(by=officer, booking_id=booking.pk, reason="民警临时外出处警，当天无法接待")
