"""The dispute bench case's data: bulk-loaded rows read like service-made ones, and the measured
page equals the hand-written SQL page."""

from __future__ import annotations

import re

import pytest

from jingwang.bench.cases.disputes import ledger_first_page, load_disputes
from jingwang.disputes.models import Dispute
from jingwang.territory.models import Node, NodeKind
from jingwang.testing import World

pytestmark = pytest.mark.django_db


def test_bulk_loaded_disputes_have_cases_and_page_like_the_sql(world: World) -> None:
    grids = list(Node.objects.filter(kind=NodeKind.GRID).order_by("code"))
    assert load_disputes(grids, 120, seed=7, by=world.officer_a) == 120
    assert Dispute.objects.count() == 120
    d = Dispute.objects.select_related("case", "community").first()
    assert d is not None and d.case.kind == "dispute" and d.case.grid_id == d.grid_id
    assert d.community.kind == NodeKind.COMMUNITY
    page = [x.pk for x in ledger_first_page(world.officer_a)]
    grid_ids = [g.pk for g in grids if g.code.startswith("320106001001")]
    expected = list(
        Dispute.objects.filter(grid__in=grid_ids).order_by("-opened_at", "-id").values_list("pk", flat=True)[:51]
    )
    assert page == expected and len(page) == 51


def test_the_ledger_page_ids_come_from_an_index(world: World) -> None:
    from django.db import connection

    from jingwang.bench.cases.disputes import plan

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans tiny tables with sequential scans; BENCHMARKS.md has its plan at 100k")
    grids = list(Node.objects.filter(kind=NodeKind.GRID).order_by("code"))
    load_disputes(grids, 300, seed=7, by=world.officer_a)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for viewer in (world.officer_a, world.leader, world.grid_a1):
        text = plan(viewer)
        # Either walking the ledger index in order, or the grid's covering index then sorting ids.
        assert re.search(r"disputes_dispute USING (COVERING )?INDEX disputes_ledger", text), text
        assert not re.search(r"SCAN disputes_dispute$", text, re.MULTILINE), text
