"""The demo city shows where venues and focus persons meet: a focus person filed as staff at the
KTV is barred and told to his own officer as 关注人员; inspections carry their ticked checklist."""

from __future__ import annotations

import pytest

from jingwang.demo.seed import seed_demo
from jingwang.focus.models import Listing
from jingwang.venues.models import Inspection, StaffFiling, VenueHit

pytestmark = pytest.mark.django_db


def test_the_demo_city_shows_a_barred_focus_person_and_ticked_checklists() -> None:
    seed_demo()
    filing = StaffFiling.objects.get(name="王志刚")
    assert filing.barred and filing.venue.trade.code == "entertainment"
    hit = VenueHit.objects.get(staff=filing)
    officer = Listing.objects.get(person__name="王志刚").officer
    assert hit.list_kind == "focus" and hit.list_name == "关注人员" and list(hit.notified.all()) == [officer]
    ticked = [row for i in Inspection.objects.all() for row in i.checklist if row["ok"] is not None]
    assert any(row["ok"] is False for row in ticked) and any(row["ok"] is True for row in ticked)
