"""Reads of the cameras: the registry with its latest status, a camera's status changes, and
availability per camera, grid, community or station over days or a month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum

from jingwang.cameras.models import Camera, CameraDay, StatusEvent, target_for
from jingwang.core.types import Viewer


def with_status(queryset: QuerySet[Camera]) -> QuerySet[Camera]:
    """Each camera with the status and time of its latest event (by the platform's time)."""
    latest = StatusEvent.objects.filter(camera=OuterRef("pk")).order_by("-at", "-pk")
    return queryset.annotate(
        last_status=Subquery(latest.values("status")[:1]), last_at=Subquery(latest.values("at")[:1])
    )


def status_changes(camera: Camera, limit: int = 100) -> list[StatusEvent]:
    """The camera's latest status changes, newest first (repeats of the status in force left out)."""
    events = list(StatusEvent.objects.filter(camera=camera).order_by("-at", "-pk")[: limit * 5])
    changes: list[StatusEvent] = []
    for i, newer in enumerate(events):
        older = events[i + 1] if i + 1 < len(events) else None
        if older is None or older.status != newer.status:
            changes.append(newer)
    return changes[:limit]


LEVELS: dict[str, tuple[str, str]] = {
    "camera": ("camera_id", "camera__name"),
    "grid": ("camera__grid_id", "camera__grid__name"),
    "community": ("camera__grid__parent_id", "camera__grid__parent__name"),
    "station": ("camera__grid__police_district__parent_id", "camera__grid__police_district__parent__name"),
}


@dataclass(frozen=True)
class Availability:
    key: int | None
    name: str
    place_class: str
    cameras: int
    registered_s: int
    online_s: int
    ok_s: int

    @property
    def online_rate(self) -> float | None:
        return self.online_s / self.registered_s if self.registered_s else None

    @property
    def ok_rate(self) -> float | None:
        return self.ok_s / self.registered_s if self.registered_s else None

    @property
    def target(self) -> float:
        return target_for(self.place_class)

    @property
    def below_target(self) -> bool:
        return self.ok_rate is not None and self.ok_rate < self.target


def availability(viewer: Viewer, *, level: str, day_from: date, day_to: date) -> list[Availability]:
    """Availability (online ÷ registered) and working order (ON ÷ registered) over the days, per
    unit of `level` and covered place class, within the viewer's scope."""
    key, name = LEVELS[level]
    rows: Any = (
        CameraDay.objects.restrict(viewer, "view")
        .filter(day__gte=day_from, day__lte=day_to)
        .values(key, name, "camera__place_class")
        .annotate(
            cameras=Count("camera", distinct=True),
            registered=Sum("registered_s"),
            online=Sum("online_s"),
            ok=Sum("ok_s"),
        )
        .order_by(name, "camera__place_class")
    )
    return [
        Availability(
            key=r[key],
            name=r[name] or "",
            place_class=r["camera__place_class"],
            cameras=r["cameras"],
            registered_s=r["registered"] or 0,
            online_s=r["online"] or 0,
            ok_s=r["ok"] or 0,
        )
        for r in rows
    ]
