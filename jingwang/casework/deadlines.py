"""Stage deadlines: which policy applies to a case's stage, and when it turns yellow, red, and
escalates to the bureau."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Sum

from jingwang.casework.models import Case, DeadlinePolicy, DelayRequest, DelayStatus
from jingwang.casework.workflow import case_type

FALLBACK = (48.0, 72.0, 24.0)


@dataclass(frozen=True)
class Deadlines:
    yellow_at: datetime | None
    red_at: datetime | None
    bureau_at: datetime | None

    @property
    def next_due_at(self) -> datetime | None:
        return self.yellow_at


def policy_hours(kind: str, stage: str, level: str, urgency: str) -> tuple[float, float, float]:
    """(yellow, red, bureau-after-red) hours from the most specific matching DeadlinePolicy."""
    rows = DeadlinePolicy.objects.filter(
        kind__in=["", kind], stage__in=["", stage], level__in=["", level], urgency__in=["", urgency]
    )
    best = max(rows, key=lambda p: p.specificity, default=None)
    if best is None:
        return FALLBACK
    return float(best.yellow_hours), float(best.red_hours), float(best.bureau_hours)


def hours_for(case: Case, stage: str) -> tuple[float, float, float]:
    hook = case_type(case.kind).deadline_hook
    hours = hook(case, stage) if hook is not None else None
    return hours or policy_hours(case.kind, stage, case.level, case.urgency)


def compute(case: Case, stage: str, start: datetime, extra: timedelta = timedelta(0)) -> Deadlines:
    """Deadlines of `stage` started at `start`, extended by approved delays (`extra`)."""
    if case_type(case.kind).is_closed(case.state):
        return Deadlines(None, None, None)
    yellow, red, bureau = hours_for(case, stage)
    red_at = start + timedelta(hours=red) + extra
    return Deadlines(start + timedelta(hours=yellow) + extra, red_at, red_at + timedelta(hours=bureau))


def apply(case: Case, deadlines: Deadlines) -> None:
    """Set the deadline fields on an unsaved case; warning and escalation start again."""
    case.yellow_at, case.red_at, case.bureau_at = deadlines.yellow_at, deadlines.red_at, deadlines.bureau_at
    case.next_due_at = deadlines.next_due_at
    case.warning = 0
    case.escalation = 0


def badge(case: Case, now: datetime) -> str:
    """green / yellow / red / closed, as the badge shows it (from the clock, not the sweep)."""
    if case.closed_at is not None:
        return "closed"
    if case.red_at is not None and (case.warning >= 2 or now >= case.red_at):
        return "red"
    if case.yellow_at is not None and (case.warning >= 1 or now >= case.yellow_at):
        return "yellow"
    return "green"


def next_due(case: Case) -> datetime | None:
    """The next moment the sweep must look at this case, from its deadlines and what was done."""
    if case.closed_at is not None:
        return None
    for at, pending in (
        (case.yellow_at, case.warning < 1),
        (case.red_at, case.warning < 2),
        (case.bureau_at, case.escalation < 2),
    ):
        if pending and at is not None:
            return at
    return None


def approved_extra(case: Case) -> timedelta:
    """The hours of the approved delays of the current stage."""
    hours = (
        DelayRequest.objects.filter(
            case=case, stage=case.stage, status=DelayStatus.APPROVED, requested_at__gte=case.stage_started_at
        ).aggregate(total=Sum("hours"))["total"]
        or 0
    )
    return timedelta(hours=hours)
