"""Two workers sweeping at once: a high-risk warning past its contact deadline turns red and is
escalated to the station exactly once (separate processes on the same database)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from jingwang.antifraud.tests import fixtures as f
from jingwang.casework.models import Case
from jingwang.worker.testing import run_together, shared_database

SWEEP = """
from datetime import datetime
from jingwang.casework.sweep import sweep

def warm():
    from jingwang.casework.models import Case
    Case.objects.filter(pk=0).exists()

def main(now):
    return dict(sweep(datetime.fromisoformat(now), batch=2).counts)
"""


@pytest.mark.django_db(transaction=True)
def test_two_workers_turn_a_late_high_risk_warning_red_and_escalate_it_once(world: Any) -> None:
    warnings = [f.warning(world, "in") for _ in range(6)]
    opened = Case.objects.get(fraud_warning=warnings[0]).opened_at
    with shared_database() as db:
        results = run_together(db, SWEEP, [(opened + timedelta(minutes=25)).isoformat()])
        escalated = db.query("SELECT COUNT(*) FROM casework_caseevent WHERE kind = 'escalated'")
        states = db.query("SELECT warning, escalation, COUNT(*) FROM casework_case GROUP BY warning, escalation")
        told = db.query(
            "SELECT COUNT(*) FROM notifications_notification WHERE kind = 'casework.escalated' AND recipient_id = "
            + str(world.leader.pk)
        )
    assert sum(r.get("red_station", 0) for r in results) == 6, results
    assert escalated == [(6,)] and states == [(2, 1, 6)]
    assert told[0][0] >= 1  # one text per case or one digest per batch, never twice for a case
