"""The venues pages hold to the page contract (scope, 404, 403, query count)."""

from __future__ import annotations

from typing import Any

from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World
from jingwang.venues import views
from jingwang.venues.models import Inspection, Venue, VenueHit
from jingwang.venues.tests import fixtures as f


class TestVenuePages(ScopedPageContract):
    list_page = views.VenueListView
    detail_page = views.VenueView
    viewer = "officer_a"
    no_permission_user = "mediator"

    def in_scope(self, world: World) -> Any:
        return f.venue(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.venue(world, "out")

    def more_in_scope(self, world: World, i: int) -> Any:
        return f.venue(world, "in", f"more{i}")


class TestVenueOperatorPages(TestVenuePages):
    viewer = "venue_op_a"

    def out_of_scope(self, world: World) -> Any:
        return f.venue(world, "in", "neighbour")

    def more_in_scope(self, world: World, i: int) -> Any:
        venue: Venue = f.venue(world, "in", f"op{i}")
        venue.operators.add(world.venue_op_a)
        return venue


class TestVenueFormPages(TestVenuePages):
    """The venue's own forms: refused (403) to a role that may not file for any venue."""

    list_page = None  # type: ignore[assignment]
    detail_page = None  # type: ignore[assignment]
    other_pages = (views.StaffAddView, views.IncidentAddView, views.GuestImportView)
    no_permission_user = "grid_a1"


class TestInspectionPages(ScopedPageContract):
    list_page = views.InspectionListView
    detail_page = views.InspectionView
    other_pages = (views.InspectionOpenView, views.DrawView)
    viewer = "officer_a"
    no_permission_user = "venue_op_a"

    def in_scope(self, world: World) -> Inspection:
        return f.inspection(world, "in")

    def out_of_scope(self, world: World) -> Inspection:
        return f.inspection(world, "out")

    def more_in_scope(self, world: World, i: int) -> Inspection:
        return f.inspection(world, "in", i)


class TestHitPages(ScopedPageContract):
    list_page = views.HitListView
    detail_page = views.HitView
    viewer = "officer_a"
    no_permission_user = "venue_op_a"

    def in_scope(self, world: World) -> VenueHit:
        return f.hit(world, "in")

    def out_of_scope(self, world: World) -> VenueHit:
        return f.hit(world, "out")

    def more_in_scope(self, world: World, i: int) -> VenueHit:
        return f.hit(world, "in", i)


class TestVenueEditPages(TestVenuePages):
    """The edit page is a record page too: out of scope → the 404 page; a grid worker (who may see
    venues but not change them) → the 403 page, as on the page to add one."""

    list_page = None  # type: ignore[assignment]
    detail_page = views.VenueEditView  # type: ignore[assignment]
    other_pages = (views.VenueAddView,)
    no_permission_user = "grid_a1"
