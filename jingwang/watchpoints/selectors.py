"""Reads of watch points and their reports, through the viewer's scope."""

from __future__ import annotations

from django.db.models import QuerySet

from jingwang.core.types import Viewer
from jingwang.watchpoints.models import Report, WatchPoint


def watchpoint_list(*, viewer: Viewer, action: str = "view") -> QuerySet[WatchPoint]:
    return WatchPoint.objects.restrict(viewer, action).select_related("grid", "keeper")


def report_list(*, viewer: Viewer, action: str = "view") -> QuerySet[Report]:
    return Report.objects.restrict(viewer, action).select_related("watch_point", "reported_by")
