"""Reads of disputes: the scoped ledger, one dispute, and the figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from jingwang.core.pages import PageByIds
from jingwang.core.types import Viewer
from jingwang.disputes.models import OPEN_STATUSES, RESOLVED_OUTCOMES, Dispute, DisputeKind

NODE_COLUMNS_UNUSED = ("boundary", "updated_at", "path", "police_path", "version", "depth", "is_active")


def dispute_list(*, viewer: Viewer, action: str = "view") -> QuerySet[Dispute]:
    """The ledger (台账): disputes in the viewer's scope, newest first (index disputes_ledger);
    pages are read id-first (PageByIds)."""
    qs = (
        Dispute.objects.restrict(viewer, action)
        .select_related("grid", "community", "case")
        # A list shows the grid's and community's code and name: not their polygons (large) or the rest.
        .defer(*(f"{node}__{column}" for node in ("grid", "community") for column in NODE_COLUMNS_UNUSED))
        .order_by("-opened_at", "-id")
    )
    qs._iterable_class = PageByIds
    return qs


def overdue_q(prefix: str = "") -> Q:
    """Open disputes past their stage deadline (the case's red deadline)."""
    return Q(**{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}case__red_at__lt": timezone.now()})


@dataclass
class Figures:
    """Figures of one area (a community or a police district)."""

    code: str
    name: str
    total: int = 0
    open: int = 0
    overdue: int = 0
    decided: int = 0  # disputes with an outcome
    resolved: int = 0  # of which settled (agreement, settled, withdrawn)
    average: timedelta | None = None  # from report to outcome
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def resolution_rate(self) -> float | None:
        return self.resolved / self.decided if self.decided else None

    @property
    def average_days(self) -> float | None:
        return round(self.average.total_seconds() / 86400, 1) if self.average is not None else None

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "total": self.total,
            "open": self.open,
            "overdue": self.overdue,
            "decided": self.decided,
            "resolved": self.resolved,
            "resolution_rate": round(self.resolution_rate, 4) if self.resolution_rate is not None else None,
            "average_days": self.average_days,
            "by_kind": self.by_kind,
        }


GROUPS = {"community": ("community__code", "community__name"), "district": ("grid__police_district__code",
                                                                            "grid__police_district__name")}  # fmt: skip


def dispute_figures(
    *, viewer: Viewer, queryset: QuerySet[Dispute] | None = None, by: str = "community"
) -> list[Figures]:
    """By type, resolution rate, average time to outcome and overdue count per community (or police
    district), over the viewer's scope (and any filters already applied to `queryset`)."""
    code_field, name_field = GROUPS.get(by, GROUPS["community"])
    qs = (queryset if queryset is not None else Dispute.objects.restrict(viewer, "view")).order_by()
    duration = ExpressionWrapper(F("resolved_at") - F("opened_at"), output_field=DurationField())
    rows = qs.values(code_field, name_field).annotate(
        total=Count("id"),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("id", filter=overdue_q()),
        decided=Count("id", filter=~Q(outcome="")),
        resolved=Count("id", filter=Q(outcome__in=RESOLVED_OUTCOMES)),
        average=Avg(duration, filter=Q(resolved_at__isnull=False)),
    )
    result = {
        r[code_field]: Figures(
            code=r[code_field] or "",
            name=r[name_field] or "",
            total=r["total"],
            open=r["open"],
            overdue=r["overdue"],
            decided=r["decided"],
            resolved=r["resolved"],
            average=r["average"],
            by_kind={k: 0 for k in DisputeKind.values},
        )
        for r in rows
    }
    for r in qs.values(code_field, "kind").annotate(n=Count("id")):
        result[r[code_field]].by_kind[r["kind"]] = r["n"]
    return sorted(result.values(), key=lambda f: f.code)


def figures_total(rows: list[Figures]) -> Figures:
    total = Figures(code="", name="", by_kind={k: 0 for k in DisputeKind.values})
    weighted = timedelta(0)
    for r in rows:
        total.total += r.total
        total.open += r.open
        total.overdue += r.overdue
        total.decided += r.decided
        total.resolved += r.resolved
        for k, n in r.by_kind.items():
            total.by_kind[k] = total.by_kind.get(k, 0) + n
        if r.average is not None:
            weighted += r.average * r.decided
    total.average = weighted / total.decided if total.decided else None
    return total
