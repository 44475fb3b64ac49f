"""The demo's field work: a week of patrols with check-ins, visits, hazards at every stage."""

from __future__ import annotations

import pytest

from jingwang.demo.seed import seed_demo
from jingwang.hazards.models import Hazard
from jingwang.patrols.models import CheckIn, Patrol, Raised
from jingwang.visits.models import Visit

pytestmark = pytest.mark.django_db


def test_demo_has_a_week_of_patrols_visits_and_hazards_at_every_stage() -> None:
    seed_demo()
    assert Patrol.objects.count() == 7 and CheckIn.objects.count() == 19
    assert Patrol.objects.filter(status="active").count() == 1
    assert Visit.objects.count() > 10
    states = set(Hazard.objects.values_list("case__state", flat=True))
    assert states == {"found", "notified", "rectified", "closed", "handed_over"}
    assert Hazard.objects.filter(workorder__isnull=False).count() == 2  # by hand and by the sweep
    assert Raised.objects.filter(kind="hazard").count() == 1
