"""Reads of casework, always through the viewer's scope."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from jingwang.casework import deadlines
from jingwang.casework.models import Case, CaseEvent, DelayRequest, DelayStatus, Department, EventKind
from jingwang.casework.rules import available
from jingwang.casework.workflow import Transition
from jingwang.core.types import Actor, Viewer


def case_list(*, viewer: Viewer, action: str = "view") -> QuerySet[Case]:
    return (
        Case.objects.restrict(viewer, action)
        .select_related("grid", "assignee", "leader", "handler_user", "handler_department")
        .order_by("-opened_at", "-id")
    )


def mine(qs: QuerySet[Case], viewer: Actor) -> QuerySet[Case]:
    """Cases the viewer works on: assigned, led (包案), or referred to them or their department."""
    return qs.filter(
        Q(assignee=viewer)
        | Q(leader=viewer)
        | Q(handler_user=viewer)
        | Q(handler_department__in=Department.objects.filter(members=viewer).values("pk"))
    )


def overdue(qs: QuerySet[Case]) -> QuerySet[Case]:
    """Open cases past a deadline (the badge's yellow or red), most urgent first."""
    now = timezone.now()
    return (
        qs.filter(closed_at__isnull=True)
        .filter(Q(warning__gte=1) | Q(yellow_at__lte=now))
        .order_by("red_at", "yellow_at", "id")
    )


def timeline(case: Case) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(case=case).select_related("actor").order_by("at", "id")


def _moves(names: Collection[str], case: str) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(case=OuterRef(case), kind=EventKind.TRANSITION, data__transition__in=names)


def last_move(*names: str, value: str = "note", case: str = "case") -> Subquery:
    """For annotating a case type's own rows (`case` leads to their case) with what its timeline
    holds, the one copy: `value` (note, at, actor) of the latest of the named transitions."""
    return Subquery(_moves(names, case).order_by("-at", "-id").values(value)[:1])


def moves_count(*names: str, case: str = "case") -> Coalesce:
    """How many times the case took the named transitions (e.g. a work order reopened)."""
    counted = _moves(names, case).order_by().values("case").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass
class Panel:
    """What the viewer may do on a case (rules.available, the services' own answer), with what
    the forms need: drives the reusable action forms, which never offer what the services refuse."""

    case: Case
    transitions: list[Transition] = field(default_factory=list)
    can_comment: bool = False
    can_supervise: bool = False
    can_take_over: bool = False
    can_request_delay: bool = False
    can_approve_delay: bool = False
    pending_delay: DelayRequest | None = None
    badge: str = "green"


def case_panel(case: Case, viewer: Viewer) -> Panel:
    allowed = available(case, viewer)
    pending = DelayRequest.objects.filter(case=case, status=DelayStatus.PENDING).select_related("requested_by").first()
    return Panel(
        case=case,
        transitions=list(allowed.transitions),
        can_comment="comment" in allowed,
        can_supervise="supervise" in allowed,
        can_take_over="take_over" in allowed and case.leader_id != viewer.pk,
        can_request_delay="request_delay" in allowed and pending is None,
        can_approve_delay="decide_delay" in allowed and pending is not None,
        pending_delay=pending,
        badge=deadlines.badge(case, timezone.now()),
    )
