"""The demo shows what follows from incidents at each stage."""

from __future__ import annotations

import pytest

from jingwang.casework.models import Case
from jingwang.demo.followups_seed import seed_followups
from jingwang.demo.incidents_seed import seed_incidents
from jingwang.demo.registry_seed import seed_registry
from jingwang.demo.seed import FIRST_COMMUNITY, seed_demo
from jingwang.incidents.followups.models import Bulletin, IncidentCase, ReturnVisit

pytestmark = pytest.mark.django_db


def test_demo_has_return_visits_at_each_stage_a_published_bulletin_and_a_call_turned_dispute() -> None:
    seed_demo()
    seed_registry(residents=400)
    seed_incidents(months=2)
    counts = seed_followups(community_code=FIRST_COMMUNITY)
    assert counts["return_visits"] >= 6
    visits = ReturnVisit.objects.select_related("case")
    states = {v.case.state for v in visits}
    assert {"due", "visited", "unreachable"} <= states
    assert visits.filter(hazard_found=True, workorder_case__isnull=False).exists()
    open_cases = Case.objects.filter(kind="incidents.return_visit", closed_at__isnull=True)
    assert open_cases.filter(warning=1).exists() and open_cases.filter(warning__gte=2).exists()  # yellow, red
    assert Bulletin.objects.filter(status="published").count() == 1
    assert Bulletin.objects.filter(status="draft").count() == 1
    assert IncidentCase.objects.filter(kind="dispute").exists()
    assert seed_followups(community_code=FIRST_COMMUNITY) == {}  # a second run adds nothing
