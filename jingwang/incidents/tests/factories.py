"""Incidents for tests, recorded through the service (as the import and the feed record them)."""

from __future__ import annotations

import itertools
from typing import Any

from jingwang.incidents.models import Incident
from jingwang.incidents.services import record_incidents

# A point inside each grid of the test world (jingwang.testing.world_specs).
POINTS = {
    "grid:320106001001001": (118.75, 32.05),
    "grid:320106001001002": (118.75, 32.15),
    "grid:320106001002001": (118.85, 32.05),
}
_numbers = itertools.count(1)


def incident(grid: str = "grid:320106001001001", *, category: str = "0101", number: str = "", **extra: Any) -> Incident:
    lon, lat = POINTS[grid]
    number = number or f"T{next(_numbers):08d}"
    row = {"number": number, "occurred_at": "2026-03-01 14:30", "category": category, "lon": lon, "lat": lat}
    result = record_incidents([{**row, **extra}], by=None)
    assert not result.problems, result.problems
    return Incident.objects.get(number=number)
