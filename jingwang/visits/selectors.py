"""The field figures, from the records alone: home visits per officer and week against the target,
and time in the community as half-days with a field record (a patrol check-in or a home visit)
against five half-days a week. Never from a separate clock-in."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, Count, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

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


def half_day(moment: datetime) -> tuple[date, int]:
    """The local half-day a record falls in: (date, 0 for the morning, 1 from noon)."""
    local = timezone.localtime(moment)
    return local.date(), int(local.hour >= 12)


def field_week(*, viewer: Any, monday: date) -> list[WeekFigures]:
    """Every field officer in the viewer's scope, with the visits and half-days of the week from
    Monday `monday` (local time), computed from the visits and patrol check-ins the viewer may see."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(monday, time.min, tzinfo=tz)
    end = start + timedelta(days=7)
    visits = Visit.objects.restrict(viewer, "view").filter(visited_at__gte=start, visited_at__lt=end)
    checkins = CheckIn.objects.restrict(viewer, "view").filter(at__gte=start, at__lt=end)
    counts = dict(visits.values("officer_id").annotate(n=Count("pk")).order_by().values_list("officer_id", "n"))
    halves: dict[int, set[tuple[date, int]]] = defaultdict(set)
    # The half-days are worked out by the database (local date, morning or afternoon), distinct per
    # person, so only a handful of rows per officer come back however many records there are.
    for records, who, when in ((visits, "officer_id", "visited_at"), (checkins, "by_id", "at")):
        distinct = (
            records.annotate(
                day=TruncDate(when, tzinfo=tz),
                half=Case(When(**{f"{when}__hour__gte": 12}, then=Value(1)), default=Value(0)),
            )
            .values_list(who, "day", "half")
            .order_by()
            .distinct()
        )
        for person, day, half in distinct:
            halves[person].add((day, half))
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
