"""Reads of alerts: the sender's board and the recipient's own alerts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from jingwang.alerts.models import Alert, Delivery, Feedback
from jingwang.core.access import scope_grants
from jingwang.core.types import Viewer
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.scope import visible_node_ids

AREA_KINDS = (NodeKind.POLICE_DISTRICT, NodeKind.COMMUNITY, NodeKind.GRID)


def alert_list(*, viewer: Viewer, action: str = "view") -> QuerySet[Alert]:
    return Alert.objects.restrict(viewer, action).select_related("origin", "sender")


def my_deliveries(*, viewer: Viewer, action: str = "view") -> QuerySet[Delivery]:
    return Delivery.objects.restrict(viewer, action).select_related("alert")


def area_choices(viewer: Viewer) -> list[Node]:
    """Police districts, communities and grids the sender may send to (the territory tree's picks)."""
    paths = sorted({g.path for g in scope_grants(viewer, Alert, "add")})
    if not paths:
        return []
    return list(
        Node.objects.filter(pk__in=visible_node_ids(paths), kind__in=AREA_KINDS, is_active=True).order_by("path")
    )


@dataclass(frozen=True)
class Board:
    total: int
    read: int
    acknowledged: int
    acknowledgements: list[Delivery]
    feedback: list[Feedback]
    points: list[dict[str, Any]]


def alert_board(alert: Alert, *, limit: int = 200) -> Board:
    """What the sender watches: counts, the latest acknowledgements and every piece of feedback
    (read after the alert itself was authorised in the viewer's scope)."""
    counts = Delivery.objects.filter(alert=alert).aggregate(
        total=Count("id"),
        read=Count("id", filter=Q(read_at__isnull=False)),
        acknowledged=Count("id", filter=Q(acknowledged_at__isnull=False)),
    )
    acks = list(
        Delivery.objects.filter(alert=alert, acknowledged_at__isnull=False)
        .select_related("recipient")
        .order_by("-acknowledged_at")[:limit]
    )
    feedback = list(
        Feedback.objects.filter(delivery__alert=alert).select_related("delivery__recipient").order_by("-id")[:limit]
    )
    points = [
        {"lon": f.lon, "lat": f.lat, "name": f.delivery.recipient.display_name, "text": f.place or f.text}
        for f in feedback
        if f.lon is not None and f.lat is not None
    ]
    return Board(counts["total"], counts["read"], counts["acknowledged"], acks, feedback, points)


def alerts_answered(user_ids: list[int]) -> dict[int, int]:
    """How many alerts each of these users acknowledged (a volunteer's "alerts answered")."""
    rows = (
        Delivery.objects.filter(recipient_id__in=user_ids, acknowledged_at__isnull=False)
        .values("recipient_id")
        .annotate(n=Count("id"))
    )
    return {r["recipient_id"]: r["n"] for r in rows}
