"""Reads of key venues that the pages and the API share."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from jingwang.accounts.models import User
from jingwang.core.access import scope_grants
from jingwang.core.roles import Role
from jingwang.core.types import Viewer
from jingwang.registry.models import Unit
from jingwang.territory.scope import visible_node_ids
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


def units_to_list(viewer: Viewer) -> QuerySet[Unit]:
    """Registry units in the viewer's scope that are not yet key venues."""
    return Unit.objects.restrict(viewer).filter(is_active=True, venue__isnull=True).order_by("name")


def _holders(viewer: Viewer, role: str) -> QuerySet[User]:
    """Active accounts holding `role` over a node within the viewer's venue scope."""
    paths = sorted({g.path for g in scope_grants(viewer, Venue, "change")})
    if not paths:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True, assignments__role=role, assignments__node__in=visible_node_ids(paths))
        .distinct()
        .order_by("display_name")
    )


def officers_for(viewer: Viewer) -> QuerySet[User]:
    return _holders(viewer, Role.COMMUNITY_OFFICER)


def operators_for(viewer: Viewer) -> QuerySet[User]:
    return _holders(viewer, Role.VENUE_OPERATOR)
