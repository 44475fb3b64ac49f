"""Stage deadlines seen from the dispute side (overdue filter and figures, frozen clock), the
monthly re-screening job, and the leaders' supervision on a dispute's page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from jingwang.disputes.filters import DisputeFilterSet
from jingwang.disputes.models import ScreeningItem, ScreeningRound
from jingwang.disputes.selectors import dispute_figures, dispute_list
from jingwang.disputes.services import screening
from jingwang.disputes.tests import workflow as flow
from jingwang.disputes.tests.conftest import report
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_a_dispute_not_accepted_within_a_day_is_overdue_in_ledger_and_figures(world: World) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        late = report(world, title="无人受理")
        on_time = report(world, title="已受理")
        flow.dispute_accept(by=world.officer_a, dispute_id=on_time.pk)
    with time_machine.travel(start + timedelta(hours=25), tick=False):
        overdue = DisputeFilterSet({"overdue": "true"}, queryset=dispute_list(viewer=world.officer_a)).qs
        assert [d.pk for d in overdue] == [late.pk]
        (row,) = dispute_figures(viewer=world.officer_a)
        assert row.overdue == 1 and row.open == 2
    with time_machine.travel(start + timedelta(hours=23), tick=False):
        assert dispute_figures(viewer=world.officer_a)[0].overdue == 0


def test_average_time_to_outcome_is_from_report_to_outcome(world: World) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        d = report(world)
        flow.dispute_accept(by=world.officer_a, dispute_id=d.pk)
    with time_machine.travel(start + timedelta(days=3), tick=False):
        flow.dispute_resolve(by=world.officer_a, dispute_id=d.pk, outcome="settled")
    (row,) = dispute_figures(viewer=world.leader)
    assert row.average_days == 3.0 and row.resolution_rate == 1.0


def test_the_worker_creates_each_months_checklists_once(world: World) -> None:
    from jingwang.disputes.jobs import screening_generate_job

    screening_generate_job({})
    screening_generate_job({})
    assert ScreeningRound.objects.count() == 2  # communities A and B
    assert ScreeningItem.objects.count() == 2 * len(screening.CHECKLIST)
    with time_machine.travel(timezone.now() + timedelta(days=35), tick=False):
        screening_generate_job({})
    assert ScreeningRound.objects.count() == 4


def test_a_round_is_complete_when_every_line_is_checked(world: World) -> None:
    screening.screening_generate(by=world.officer_a)
    round_ = ScreeningRound.objects.get()
    assert round_.community.code == "320106001001"  # only the officer's community
    for item in round_.items.all():
        screening.screening_item_check(by=world.aux_a, item_id=item.pk)
    round_.refresh_from_db()
    assert round_.completed_at is not None


def test_leader_supervises_a_dispute_from_its_page(world: World, client: Any) -> None:
    d = report(world)
    sign_in(client, world.leader)
    page = client.get(f"/disputes/{d.pk}/").content.decode()
    # The station leader supervises, and may accept (naming the handling officer).
    assert 'data-testid="supervise"' in page and 'data-testid="accept-form"' in page
    from jingwang.casework.services import case_supervise

    case_supervise(by=world.leader, case_id=d.case_id, comment="三日内化解")
    assert "三日内化解" in client.get(f"/disputes/{d.pk}/").content.decode()
