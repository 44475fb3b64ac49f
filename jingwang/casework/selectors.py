"""Reads of casework, always through the viewer's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from jingwang.casework import deadlines
from jingwang.casework.models import Case, CaseEvent, DelayRequest, DelayStatus
from jingwang.casework.workflow import Transition, case_type
from jingwang.core.access import has_permission


def case_list(*, viewer: Any, action: str = "view") -> QuerySet[Case]:
    return (
        Case.objects.restrict(viewer, action)
        .select_related("grid", "assignee", "leader", "handler_user", "handler_department")
        .order_by("-opened_at", "-id")
    )


def mine(qs: QuerySet[Case], viewer: Any) -> QuerySet[Case]:
    """Cases the viewer works on: assigned, led (包案), or referred to them or their department."""
    return qs.filter(
        Q(assignee=viewer)
        | Q(leader=viewer)
        | Q(handler_user=viewer)
        | Q(handler_department__in=viewer.departments.values("pk"))
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


@dataclass
class Panel:
    """What the viewer may do on a case: drives the reusable action forms."""

    case: Case
    transitions: list[Transition] = field(default_factory=list)
    can_change: bool = False
    can_supervise: bool = False
    can_take_over: bool = False
    can_approve_delay: bool = False
    pending_delay: DelayRequest | None = None
    badge: str = "green"


def case_panel(case: Case, viewer: Any) -> Panel:
    can_change = Case.objects.restrict(viewer, "change").filter(pk=case.pk).exists()
    ct = case_type(case.kind)
    is_open = case.closed_at is None

    def may(action: str) -> bool:
        return (
            has_permission(viewer, Case, action) and Case.objects.restrict(viewer, action).filter(pk=case.pk).exists()
        )

    return Panel(
        case=case,
        transitions=ct.available(case, viewer) if can_change else [],
        can_change=can_change,
        can_supervise=is_open and may("supervise"),
        can_take_over=is_open and case.leader_id != viewer.pk and may("take_over"),
        can_approve_delay=may("approve_delay"),
        pending_delay=DelayRequest.objects.filter(case=case, status=DelayStatus.PENDING)
        .select_related("requested_by")
        .first(),
        badge=deadlines.badge(case, timezone.now()),
    )
