"""The demo city shows the focus ledger at every stage."""

from __future__ import annotations

import time

import pytest

from jingwang.demo.seed import seed_demo
from jingwang.focus.models import Followup, Listing, ListingState, LostContact

pytestmark = pytest.mark.django_db


def test_the_demo_city_has_focus_persons_at_every_stage() -> None:
    started = time.monotonic()
    seed_demo()
    assert time.monotonic() - started < 60
    states = set(Listing.objects.values_list("state", flat=True))
    assert {ListingState.PENDING, ListingState.ACTIVE, ListingState.DELIST_PENDING, ListingState.LAPSED} <= states
    assert len(set(Listing.objects.values_list("category__code", flat=True))) >= 5
    cases = {f.case.state for f in Followup.objects.select_related("case")}
    assert {"due", "health", "done", "cancelled"} <= cases
    overdue = Followup.objects.filter(listing__person__name="王志刚", is_open=True).select_related("case").get()
    assert overdue.case.red_at is not None and overdue.due_date < overdue.case.opened_at.date()
    assert LostContact.objects.filter(case__closed_at__isnull=True).count() == 1
    assert Listing.objects.get(person__name="孙建华").delisting_suggested()
