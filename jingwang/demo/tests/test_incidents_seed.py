"""The demo's incidents: a year and a half across the grids, nearly every addressable one on a grid."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from jingwang.demo.incidents_seed import incident_rows, seed_incidents
from jingwang.demo.registry_seed import seed_registry
from jingwang.demo.seed import seed_demo
from jingwang.incidents.cleaning import canonical_place
from jingwang.incidents.models import Incident, IncidentCategory

pytestmark = pytest.mark.django_db


def test_demo_incidents_span_eighteen_months_and_addressable_ones_land_on_a_grid() -> None:
    seed_demo()
    seed_registry(residents=400)
    result = seed_incidents()
    assert result.bad == 0 and result.created > 2000
    rows = {str(r["number"]): r for r in incident_rows()}
    addressable = [n for n, r in rows.items() if canonical_place(str(r.get("place", ""))) or r.get("lon") is not None]
    on_grid = set(Incident.objects.filter(grid__isnull=False).values_list("number", flat=True))
    landed = sum(n in on_grid for n in addressable)
    assert landed >= 0.99 * len(addressable), (landed, len(addressable))
    assert len(addressable) > 0.95 * len(rows)
    oldest = Incident.objects.order_by("occurred_at").first()
    assert oldest is not None and oldest.occurred_at < timezone.now() - timedelta(days=480)
    a_year_ago = timezone.now() - timedelta(days=365)
    assert Incident.objects.filter(occurred_at__lt=a_year_ago).exists()
    assert seed_incidents().created == 0  # a second run adds nothing


def test_the_demo_restores_the_code_table_a_flushed_database_has_lost() -> None:
    seed_demo()
    IncidentCategory.objects.exclude(parent=None).delete()  # what a transactional test's flush
    IncidentCategory.objects.all().delete()  # leaves behind: no code table
    assert seed_incidents(months=1, per_grid_month=0.5).created > 0
    assert IncidentCategory.objects.filter(code="0101", preventable=True).exists()
