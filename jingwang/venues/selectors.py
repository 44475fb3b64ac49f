"""Reads of key venues that the pages and the API share."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from jingwang.core.access import scope_grants
from jingwang.core.types import Viewer
from jingwang.venues.models import Venue, venue_scope_filter


def venues_for(viewer: Viewer, model: type[Model], action: str) -> QuerySet[Venue]:
    """The venues whose `model` records the viewer may `action` (file staff, report incidents,
    send guests, open inspections): by territory, or a venue operator's own."""
    held = scope_grants(viewer, model, action)
    if not held:
        return Venue.objects.none()
    return (
        Venue.objects.filter(venue_scope_filter(held, viewer), is_active=True)
        .select_related("unit", "trade")
        .order_by("unit__name")
    )
