"""Data quality per territory node, computed from the records (never typed in): completeness by
field, share verified in the last 12 months, the verification queue, suspected duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from jingwang.core.access import scope_grants
from jingwang.core.types import Viewer
from jingwang.registry.models import (
    Collection,
    CollectionStatus,
    House,
    MergeSuggestion,
    Person,
    SuggestionStatus,
    Unit,
)
from jingwang.territory.models import Node
from jingwang.territory.selectors import grid_ids_under

PERSON_FIELDS = {
    "id_number": ~Q(id_number_index=""),
    "phone": ~Q(phone_index=""),
    "birth_date": Q(birth_date__isnull=False),
    "hukou_address": ~Q(hukou_address=""),
}


@dataclass
class Figures:
    node: Node
    persons: int = 0
    houses: int = 0
    units: int = 0
    completeness: dict[str, float] = field(default_factory=dict)
    verified_share: float = 0.0
    pending: int = 0
    overdue: int = 0
    oldest_pending_days: int | None = None
    duplicate_groups: int = 0
    open_suggestions: int = 0


def _share(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def figures_for_node(node: Node) -> Figures:
    grids = grid_ids_under(node) if node.kind != "grid" else [node.pk]
    now = timezone.now()
    people = Person.objects.filter(grid_id__in=grids, is_active=True)
    counts = people.aggregate(
        total=Count("id"),
        verified=Count("id", filter=Q(verified_at__gte=now - timedelta(days=365))),
        **{f: Count("id", filter=q) for f, q in PERSON_FIELDS.items()},
    )
    queue = Collection.objects.filter(grid_id__in=grids, status=CollectionStatus.PENDING).aggregate(
        pending=Count("id"), overdue=Count("id", filter=Q(due_at__lt=now)), oldest=Min("submitted_at")
    )
    duplicates = (
        people.exclude(id_number_index="").values("id_number_index").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    suggestions = MergeSuggestion.objects.filter(
        Q(person_a__grid_id__in=grids) | Q(person_b__grid_id__in=grids),
        status=SuggestionStatus.OPEN,
        person_a__is_active=True,
        person_b__is_active=True,
    ).count()
    total = counts["total"]
    return Figures(
        node=node,
        persons=total,
        houses=House.objects.filter(grid_id__in=grids, is_active=True).count(),
        units=Unit.objects.filter(grid_id__in=grids, is_active=True).count(),
        completeness={f: _share(counts[f], total) for f in PERSON_FIELDS},
        verified_share=_share(counts["verified"], total),
        pending=queue["pending"],
        overdue=queue["overdue"],
        oldest_pending_days=(now - queue["oldest"]).days if queue["oldest"] else None,
        duplicate_groups=duplicates,
        open_suggestions=suggestions,
    )


def figures_for(user: Viewer) -> list[Figures]:
    """One row per node the user's registry role is held over."""
    ids = sorted({g.node_id for g in scope_grants(user, Person, "view")})
    return [figures_for_node(node) for node in Node.objects.filter(pk__in=ids).order_by("code")]
