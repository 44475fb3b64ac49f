"""The office's appointment pages hold to the page contract (scope, 404, 403, query count)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.utils import timezone

from jingwang.offices.models import PoliceOffice
from jingwang.page_contract import ScopedPageContract
from jingwang.portal import staff
from jingwang.portal.models import Booking, Service, Slot
from jingwang.portal.signin import resident_account
from jingwang.testing import World

DISTRICTS = {"in": "police_district:320106001001", "out": "police_district:320106001002"}


def _office(world: World, side: str) -> PoliceOffice:
    office, _ = PoliceOffice.objects.get_or_create(
        district=world.node(DISTRICTS[side]), name=f"{side}警务室", defaults={"address": "宁海路"}
    )
    return office


def _service(world: World, side: str, name: str = "居住证") -> Service:
    service, _ = Service.objects.get_or_create(office=_office(world, side), name=name)
    return service


class TestServicePages(ScopedPageContract):
    list_page = staff.ServiceListView
    detail_page = staff.ServiceView
    other_pages = (staff.ServiceAddView, staff.SlotsAddView)
    viewer = "officer_a"
    no_permission_user = "mediator"

    def in_scope(self, world: World) -> Any:
        return _service(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return _service(world, "out")

    def more_in_scope(self, world: World, i: int) -> Any:
        return _service(world, "in", f"服务{i}")


class TestDayListPages(ScopedPageContract):
    list_page = staff.DayListView
    detail_page = staff.BookingView  # where the office cancels it
    viewer = "officer_a"
    no_permission_user = "mediator"

    def _booking(self, world: World, side: str, i: int) -> Booking:
        slot, _ = Slot.objects.get_or_create(
            service=_service(world, side),
            starts_at=timezone.make_aware(datetime.combine(timezone.localdate(), time(8, i))),
        )
        existing = Booking.objects.filter(slot=slot).first()
        return existing or Booking.objects.create(slot=slot, resident=resident_account(f"1380000{i:04d}"))

    def marker(self, obj: Booking) -> str:
        return str(obj.resident.display_name)

    def in_scope(self, world: World) -> Any:
        return self._booking(world, "in", 0)

    def out_of_scope(self, world: World) -> Any:
        return self._booking(world, "out", 50)

    def more_in_scope(self, world: World, i: int) -> Any:
        return self._booking(world, "in", i)
