"""Reads of the focus ledger: always from the caller's scope (models.focus_scope)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from jingwang.accounts.models import RoleAssignment, User
from jingwang.core.access import scope_grants
from jingwang.core.pages import PageByIds
from jingwang.core.types import Viewer
from jingwang.focus.models import ACTIVE_STATES, CareAssignment, Followup, Listing, LostContact, care_workers_under
from jingwang.territory.models import Node, NodeKind

# What a case's serializer and columns read, joined once.
CASE = ("case", "case__grid", "case__assignee", "case__leader", "case__handler_user", "case__handler_department")


def listing_list(*, viewer: Viewer, action: str = "view") -> QuerySet[Listing]:
    """The ledger (台账): listings in the viewer's scope, newest first (indexes focus_listing_ledger
    and focus_listing_ledger_grid); pages are read id-first (PageByIds)."""
    qs = Listing.objects.restrict(viewer, action).select_related("person", "category", "officer", "grid")
    qs._iterable_class = PageByIds
    return qs


def followup_list(*, viewer: Viewer, action: str = "view") -> QuerySet[Followup]:
    return Followup.objects.restrict(viewer, action).select_related(*CASE, "listing__person")


def lost_contact_list(*, viewer: Viewer, action: str = "view") -> QuerySet[LostContact]:
    return LostContact.objects.restrict(viewer, action).select_related(*CASE, "listing__person")


@dataclass(frozen=True)
class ListedIndex:
    """An active listing found by its person's blind index: what a check elsewhere (venues'
    screening) may know. The category code is for rules only (barring); never for a message."""

    index: str
    listing_id: int
    name: str
    id_number_masked: str
    category_code: str
    officer_id: int


def active_listings_by_index(indexes: Sequence[str]) -> list[ListedIndex]:
    """Active listings (active or awaiting delisting) of active registry persons whose ID number's
    blind index is among `indexes`: one indexed query per call, whatever the number of people
    (the caller chunks)."""
    wanted = [i for i in indexes if i]
    if not wanted:
        return []
    rows = Listing.objects.filter(
        state__in=ACTIVE_STATES, person__is_active=True, person__id_number_index__in=wanted
    ).values_list(
        "pk", "person__id_number_index", "person__name", "person__id_number_masked", "category__code", "officer_id"
    )
    return [ListedIndex(index, pk, name, masked, code, officer) for pk, index, name, masked, code, officer in rows]


def care_worker_choices(*, viewer: Viewer) -> QuerySet[User]:
    """Care workers the viewer may give a category: their care_worker role lies in the viewer's
    territory for giving one."""
    paths = sorted({g.path for g in scope_grants(viewer, CareAssignment, "add")})
    if not paths:
        return User.objects.none()
    return User.objects.filter(pk__in=care_workers_under(paths)).order_by("username")


def carers_of(listing: Listing) -> list[User]:
    """The care workers of the listing's category whose territory holds its grid."""
    users = CareAssignment.objects.filter(category_id=listing.category_id).values("user_id")
    grid = listing.grid
    found = []
    for ra in RoleAssignment.objects.filter(role="care_worker", user__in=users, user__is_active=True).select_related(
        "user", "node"
    ):
        if grid.path.startswith(ra.node.path) or (grid.police_path or "").startswith(ra.node.path):
            found.append(ra.user)
    return found


def lost_contact_counts(*, viewer: Viewer) -> list[tuple[str, int, int]]:
    """Per police station: (station, searches open, searches in all) of the caller's scope."""
    rows = (
        LostContact.objects.restrict(viewer)
        .values("listing__grid__police_path")
        .annotate(n=Count("id"), searching=Count("id", filter=Q(case__closed_at__isnull=True)))
    )
    stations = list(Node.objects.filter(kind=NodeKind.STATION).only("name", "path"))
    counts: dict[str, list[int]] = {}
    for row in rows:
        path = row["listing__grid__police_path"] or ""
        station = next((s.name for s in stations if path.startswith(s.path)), "—")
        entry = counts.setdefault(station, [0, 0])
        entry[0] += row["searching"]
        entry[1] += row["n"]
    return sorted((name, open_, total) for name, (open_, total) in counts.items())
