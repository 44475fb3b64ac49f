"""Reads of work orders."""

from __future__ import annotations

from django.db.models import QuerySet

from jingwang.core.types import Viewer
from jingwang.workorders.models import WorkOrder


def workorder_list(*, viewer: Viewer, action: str = "view") -> QuerySet[WorkOrder]:
    """Work orders in the viewer's scope, newest first (the page and the API)."""
    return (
        WorkOrder.objects.restrict(viewer, action)
        .select_related(
            "case",
            "case__grid",
            "case__assignee",
            "case__leader",
            "case__handler_user",
            "case__handler_department",
            "department",
            "source_case",
        )
        .order_by("-case__opened_at", "-id")
    )
