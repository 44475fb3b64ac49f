"""Reads of volunteers, teams and activities, through the viewer's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from jingwang.alerts.selectors import alerts_answered
from jingwang.core.types import Viewer
from jingwang.volunteers.models import Activity, Team, Volunteer


def volunteer_list(*, viewer: Viewer, action: str = "view") -> QuerySet[Volunteer]:
    return (
        Volunteer.objects.restrict(viewer, action)
        .select_related("grid", "team")
        .annotate(total_hours=Sum("activities__hours"))
    )


def team_list(*, viewer: Viewer, action: str = "view") -> QuerySet[Team]:
    return (
        Team.objects.restrict(viewer, action)
        .select_related("district")
        .annotate(member_count=Count("members", filter=Q(members__status="verified"), distinct=True))
    )


def activity_list(*, viewer: Viewer, action: str = "view") -> QuerySet[Activity]:
    return Activity.objects.restrict(viewer, action).select_related("volunteer")


def volunteer_summary(volunteer: Volunteer) -> dict[str, Any]:
    hours = volunteer.activities.aggregate(h=Sum("hours"))["h"] or 0
    answered = alerts_answered([volunteer.user_id]).get(volunteer.user_id or 0, 0) if volunteer.user_id else 0
    return {"hours": hours, "alerts_answered": answered}
