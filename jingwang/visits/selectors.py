"""The field figures, from the records alone: home visits per officer and week against the target,
and time in the community as half-days with a field record (a patrol check-in or a home visit)
against five half-days a week. Never from a separate clock-in."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count

from jingwang.accounts.models import RoleAssignment, User
from jingwang.core.access import scope_grants
from jingwang.core.roles import Role
from jingwang.patrols.models import CheckIn
from jingwang.territory.scope import visible_node_ids
from jingwang.visits.models import Visit

FIELD_WORKERS = (Role.COMMUNITY_OFFICER, Role.AUXILIARY_OFFICER)


@dataclass(frozen=True)
class WeekFigures:
    """One officer's week: visits and half-days in the community, each against its target."""

    officer_id: int
    officer: str
    visits: int
    half_days: int
    visits_target: int
    half_days_target: int

    @property
    def visits_met(self) -> bool:
        return self.visits >= self.visits_target

    @property
    def half_days_met(self) -> bool:
        return self.half_days >= self.half_days_target


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def field_week(*, viewer: Any, monday: date) -> list[WeekFigures]:
    """Every field officer in the viewer's scope, with the visits and half-days of the week from
    Monday `monday` (local time), computed from the visits and patrol check-ins the viewer may see."""
    days = {"local_day__gte": monday, "local_day__lt": monday + timedelta(days=7)}
    visits = Visit.objects.restrict(viewer, "view").filter(**days)
    checkins = CheckIn.objects.restrict(viewer, "view").filter(**days)
    counts = dict(visits.values("officer_id").annotate(n=Count("pk")).order_by().values_list("officer_id", "n"))
    halves: dict[int, set[tuple[date, bool]]] = defaultdict(set)
    # Each record stores its local half-day (jingwang.core.halfdays), so the database returns the
    # distinct ones per person straight from the columns (and the index on them): a handful of
    # rows per officer however many records there are.
    for records, who in ((visits, "officer_id"), (checkins, "by_id")):
        for person, day, afternoon in records.values_list(who, "local_day", "afternoon").order_by().distinct():
            halves[person].add((day, afternoon))
    paths = sorted({g.path for g in scope_grants(viewer, Visit, "view")})
    officers = set(
        RoleAssignment.objects.filter(role__in=FIELD_WORKERS, node__in=visible_node_ids(paths)).values_list(
            "user_id", flat=True
        )
        if paths
        else []
    )
    officers |= set(counts)
    names = dict(User.objects.filter(pk__in=officers).values_list("pk", "display_name"))
    rows = [
        WeekFigures(
            officer_id=pk,
            officer=names[pk],
            visits=counts.get(pk, 0),
            half_days=len(halves.get(pk, ())),
            visits_target=settings.VISITS_WEEKLY_TARGET,
            half_days_target=settings.FIELD_HALF_DAYS_TARGET,
        )
        for pk in names
    ]
    return sorted(rows, key=lambda r: (r.officer, r.officer_id))
