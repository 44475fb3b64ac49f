"""Reads of work orders: the report, the confirmation and the reopenings come from the case's
timeline, their one copy."""

from __future__ import annotations

from django.db.models import QuerySet

from jingwang.casework.selectors import last_move, moves_count
from jingwang.core.types import Viewer
from jingwang.workorders.models import WorkOrder

RELATED = ("case__grid", "case__assignee", "case__leader", "case__handler_user", "case__handler_department")


def workorder_list(*, viewer: Viewer, action: str = "view") -> QuerySet[WorkOrder]:
    """Work orders in the viewer's scope, newest first (the pages and the API)."""
    return (
        WorkOrder.objects.restrict(viewer, action)
        .select_related("case__opened_by", *RELATED, "department", "source_case")
        .annotate(
            report=last_move("report"),
            reported_at=last_move("report", value="at"),
            confirmation_note=last_move("confirm", "reopen"),
            confirmed_at=last_move("confirm", value="at"),
            reopen_count=moves_count("reopen"),
        )
        .order_by("-case__opened_at", "-id")
    )
