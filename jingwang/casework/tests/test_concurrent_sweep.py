"""Two workers sweeping at the same moment: every warning, escalation and notification happens
exactly once. Separate processes on the same database (SQLite file in WAL mode, or PostgreSQL)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from jingwang.casework.models import Case
from jingwang.worker.testing import run_together, shared_database

CASES = 300
SWEEP = """
from datetime import datetime
import jingwang.casework.testing  # declares the sample case type
from jingwang.casework.sweep import sweep
from jingwang.notifications.services import notify  # noqa: F401 - imported before the start

def warm():
    from jingwang.casework.models import Case
    Case.objects.filter(pk=0).exists()

def main(now, batch):
    return dict(sweep(datetime.fromisoformat(now), batch=int(batch)).counts)
"""


@pytest.mark.django_db(transaction=True)
def test_escalation_happens_exactly_once_with_two_workers_at_once(world: Any) -> None:
    now = timezone.now().replace(microsecond=0)
    opened = now - timedelta(hours=100)
    grid = world.node("grid:320106001001001")
    Case.objects.bulk_create(
        Case(
            kind="sample",
            number=f"SP-T-{n:05d}",
            title=f"案件{n}",
            state="new",
            stage="new",
            grid=grid,
            assignee=world.officer_a,
            opened_at=opened,
            stage_started_at=opened,
            yellow_at=opened + timedelta(hours=48),
            red_at=opened + timedelta(hours=72),
            bureau_at=opened + timedelta(hours=96 + 24),  # not yet
            next_due_at=opened + timedelta(hours=48),
        )
        for n in range(CASES)
    )
    with shared_database() as db:
        results = run_together(db, SWEEP, [now.isoformat(), "5"])
        events = db.query(
            "SELECT case_id, kind, COUNT(*) FROM casework_caseevent GROUP BY case_id, kind HAVING COUNT(*) > 1"
        )
        per_kind = Counter(dict(db.query("SELECT kind, COUNT(*) FROM casework_caseevent GROUP BY kind")))
        duplicates = db.query(
            "SELECT recipient_id, dedupe_key FROM notifications_notification "
            "GROUP BY recipient_id, dedupe_key HAVING COUNT(*) > 1"
        )
        notes = db.query("SELECT recipient_id, kind, title, body FROM notifications_notification")
        states = db.query("SELECT warning, escalation, COUNT(*) FROM casework_case GROUP BY warning, escalation")
    print("sweep results per worker:", results)
    assert sum(r.get("red_station", 0) for r in results) == CASES, results
    assert sum(sum(r.values()) for r in results) == CASES, results
    assert len(notes) >= 2 * CASES // 5  # batches of five: no digest larger than its batch
    assert events == [] and duplicates == []
    assert per_kind["red"] == per_kind["escalated"] == CASES
    # Each case reaches the assignee (red) and the station leader (escalated) once, alone or in a digest.
    told = Counter(
        (recipient, kind, number)
        for recipient, kind, title, body in notes
        for number in re.findall(r"SP-T-\d{5}", f"{title} {body}")
    )
    numbers = {f"SP-T-{n:05d}" for n in range(CASES)}
    assert set(told.values()) == {1}
    assert {n for r, k, n in told if (r, k) == (world.officer_a.pk, "casework.red")} == numbers
    assert {n for r, k, n in told if (r, k) == (world.leader.pk, "casework.escalated")} == numbers
    assert states == [(2, 1, CASES)]
