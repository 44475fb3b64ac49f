"""Reads of tips and evaluations."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, QuerySet

from jingwang.tips.models import Evaluation, Tip

APPOINTMENT = "portal.booking"  # the evaluated kind of a visit to the office (declared in apps.py)


@dataclass(frozen=True)
class OfficerFigure:
    officer_id: int | None
    officer: str
    count: int
    average: float
    tips: int  # evaluations of closed tips
    yearly: int  # yearly evaluations of the officer's community work
    visits: int = 0  # evaluations of appointments at the office (portal.booking)


def officer_figures(evaluations: QuerySet[Evaluation]) -> list[OfficerFigure]:
    """Per officer: how many evaluations and their average over every evaluated kind (from the
    given, already scoped, evaluations), with the count of each kind, best average first. Feeds
    the officer's figures and, later, the assessment."""
    rows = (
        evaluations.order_by()
        .values("officer_id", "officer__display_name")
        .annotate(
            n=Count("id"),
            avg=Avg("rating"),
            tips=Count("id", filter=_kind("tips.tip")),
            yearly=Count("id", filter=_kind("tips.officer_year")),
            visits=Count("id", filter=_kind(APPOINTMENT)),
        )
    )
    figures = [
        OfficerFigure(
            r["officer_id"], r["officer__display_name"] or "—", r["n"], round(float(r["avg"] or 0), 2), r["tips"],
            r["yearly"], r["visits"],
        )
        for r in rows
    ]  # fmt: skip
    return sorted(figures, key=lambda f: (-f.average, -f.count, f.officer))


def _kind(kind: str) -> Any:
    from django.db.models import Q

    return Q(kind=kind)


def tips_of(resident: Any) -> QuerySet[Tip]:
    """The resident's own tips, newest first (nobody else's, ever)."""
    if resident is None or not resident.is_authenticated:
        return Tip.objects.none()
    return Tip.objects.filter(resident=resident).select_related("category", "case").order_by("-created_at")


def evaluated_ids(resident: Any, kind: str, ids: list[int], period: str = "") -> set[int]:
    return set(
        Evaluation.objects.filter(resident=resident, kind=kind, object_id__in=ids, period=period).values_list(
            "object_id", flat=True
        )
    )
