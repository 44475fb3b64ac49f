"""The demo's appointments: the services and slots, a visit the resident rated, and a coming
appointment the officer cancelled."""

from __future__ import annotations

import pytest

from jingwang.demo.seed import seed_demo
from jingwang.portal.models import Booking, BookingStatus, Slot
from jingwang.tips.models import Evaluation

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_rated_past_visit_and_a_booking_the_officer_cancelled() -> None:
    seed_demo()
    assert Slot.objects.filter(is_open=True).count() > 10
    rated = Evaluation.objects.get(kind="portal.booking", resident__username="resident")
    assert rated.officer is not None and rated.officer.username == "officer"
    cancelled = Booking.objects.get(status=BookingStatus.CANCELLED, cancelled_by__username="officer")
    assert cancelled.cancel_reason and not cancelled.slot.is_open
    assert cancelled.resident.username == "resident"
