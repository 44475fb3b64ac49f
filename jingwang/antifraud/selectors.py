"""Reads of the anti-fraud app: the warnings in a viewer's scope, and the figures per station."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from jingwang.antifraud.models import SUCCESS, Outcome, Warning
from jingwang.core.types import Viewer


def warning_list(*, viewer: Viewer, action: str = "view") -> Any:
    return (
        Warning.objects.restrict(viewer, action)
        .select_related("fraud_type", "case", "officer", "area", "station")
        .order_by("-received_at", "-pk")
    )


@dataclass
class StationFigures:
    """One station's figures over a period (warnings received in it)."""

    station: str
    warnings: int = 0
    contacted: int = 0
    minutes_to_contact: float | None = None  # median, of those contacted
    face_to_face: int = 0
    closed: int = 0
    dissuaded: int = 0
    defrauded: int = 0

    @property
    def face_to_face_rate(self) -> float | None:
        return self.face_to_face / self.warnings if self.warnings else None

    @property
    def success_rate(self) -> float | None:
        return self.dissuaded / self.closed if self.closed else None

    @property
    def defrauded_rate(self) -> float | None:
        return self.defrauded / self.warnings if self.warnings else None


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def figures(*, viewer: Viewer, start: date, end: date) -> list[StationFigures]:
    """Per station (the warnings in the viewer's figures scope received from `start` to `end`,
    both included): time to first contact (median minutes), face-to-face rate, dissuasion
    success rate (of those closed with an outcome) and persons defrauded after the warning.
    One query; the rows are few fields per warning."""
    tz = timezone.get_current_timezone()
    lo = datetime.combine(start, time.min, tzinfo=tz)
    hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    rows = (
        Warning.objects.restrict(viewer, "figures")
        .filter(received_at__gte=lo, received_at__lt=hi)
        .values_list("station__name", "received_at", "first_contact_at", "visited_at", "outcome")
    )
    by: dict[str, StationFigures] = {}
    waits: dict[str, list[float]] = {}
    for station, received, contact, visited, outcome in rows:
        name = station or "—"
        f = by.setdefault(name, StationFigures(name))
        f.warnings += 1
        if contact is not None:
            f.contacted += 1
            waits.setdefault(name, []).append(max((contact - received).total_seconds() / 60, 0.0))
        if visited is not None:
            f.face_to_face += 1
        if outcome and outcome != Outcome.OUT_OF_AREA:
            f.closed += 1
            f.dissuaded += outcome in SUCCESS
            f.defrauded += outcome == Outcome.DEFRAUDED
    for name, f in by.items():
        f.minutes_to_contact = _median(waits.get(name, []))
    return sorted(by.values(), key=lambda f: f.station)
