"""The demo's volunteers, teams, watch points and the alert in progress."""

from __future__ import annotations

import pytest

from jingwang.alerts.models import Alert, Delivery, Feedback
from jingwang.demo.seed import seed_demo
from jingwang.volunteers.models import Team, Volunteer
from jingwang.watchpoints.models import WatchPoint

pytestmark = pytest.mark.django_db


def test_the_demo_has_volunteers_teams_watch_points_and_an_alert_in_progress() -> None:
    seed_demo()
    assert Team.objects.count() == 3
    assert Volunteer.objects.filter(status="verified").count() >= 4
    assert Volunteer.objects.filter(status="applied").exists()  # one waits for the officer
    assert WatchPoint.objects.filter(keeper__username="watchpoint").exists()
    alert = Alert.objects.get()
    assert alert.is_open and alert.recipient_count >= 3
    reached = set(Delivery.objects.filter(alert=alert).values_list("recipient__username", flat=True))
    assert {"gridworker", "volunteer", "watchpoint"} <= reached
    assert Feedback.objects.filter(delivery__alert=alert, lon__isnull=False).exists()
