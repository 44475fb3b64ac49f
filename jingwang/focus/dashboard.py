"""What the focus ledger adds to a home page (registered with the shell at start-up): follow-ups
due within a week or overdue, follow-ups awaiting the health worker, listings and delistings
awaiting approval, searches for persons out of contact. Counts only, never a category."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from jingwang.core.access import has_permission
from jingwang.core.types import Actor
from jingwang.focus.models import Followup, Listing, ListingState, LostContact

SOON_DAYS = 7


def home_figures(role: str, user: Actor) -> dict[str, Any]:
    if not has_permission(user, Followup, "view"):
        return {}
    soon = timezone.localdate() + timedelta(days=SOON_DAYS)
    followups = (
        Followup.objects.restrict(user)
        .filter(is_open=True)
        .aggregate(
            due=Count("id", filter=Q(due_date__lte=soon, case__state="due")),
            health=Count("id", filter=Q(case__state="health")),
        )
    )
    figures: dict[str, Any] = {
        "due": followups["due"],
        "health": followups["health"] if has_permission(user, Followup, "sign") else 0,
        "lost": LostContact.objects.restrict(user).filter(case__closed_at__isnull=True).count(),
        "approvals": 0,
    }
    if has_permission(user, Listing, "approve"):
        figures["approvals"] = (
            Listing.objects.restrict(user, "approve")
            .filter(state__in=(ListingState.PENDING, ListingState.DELIST_PENDING))
            .count()
        )
    return {"focus": figures} if any(figures.values()) else {}
