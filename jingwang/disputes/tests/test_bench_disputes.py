"""The dispute bench case's data: bulk-loaded rows read like service-made ones, and the measured
page equals the hand-written SQL page."""

from __future__ import annotations

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
