"""The generic scope contract for every venues API resource: the police by territory, a venue
operator its own venue only, list matches never to the venue."""

from __future__ import annotations

from typing import Any

from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World
from jingwang.venues.models import Guest, Incident, Inspection, InspectionDraw, StaffFiling, Venue, VenueHit
from jingwang.venues.tests import fixtures as f
from jingwang.venues.tests.conftest import person_id

WHEN = f.WHEN.isoformat()


class TestVenueScope(ScopedResourceContract):
    list_url = "/api/v1/venues/"
    model = Venue
    viewer = "officer_a"
    no_permission_user = "mediator"
    search_param = "q"

    def in_scope(self, world: World) -> Any:
        return f.venue(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.venue(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            f.venue(world, "in", f"more{Venue.objects.count()}-{i}")

    def search_term(self, obj: Any) -> str:
        return str(obj.unit.name)

    def page_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())


class TestVenueOperatorScope(TestVenueScope):
    """A venue operator sees its own venue, not another in the very grid its role is held over."""

    viewer = "venue_op_a"

    def out_of_scope(self, world: World) -> Any:
        return f.venue(world, "in", "neighbour")

    def add_rows(self, world: World, count: int) -> None:
        operated = [f.venue(world, "in", f"op{Venue.objects.count()}-{i}") for i in range(count)]
        for v in operated:
            v.operators.add(world.venue_op_a)


class TestStaffScope(ScopedResourceContract):
    list_url = "/api/v1/venue-staff/"
    model = StaffFiling
    viewer = "officer_a"
    no_permission_user = "grid_a1"
    search_param = "q"
    writes = {
        "create": Write(
            "post",
            on_list=True,
            body=lambda s: {"venue": s.venue_id, "name": "越权员工", "id_number": person_id(900), "hired_at": WHEN},
        ),
        "leave": Write("post", "leave/"),
    }
    not_applicable = {"page": "staff are shown on their venue's page"}

    def in_scope(self, world: World) -> Any:
        return f.staff(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.staff(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        start = StaffFiling.objects.count()
        for i in range(count):
            f.staff(world, "in", start + i + 1)


class TestStaffOperatorScope(TestStaffScope):
    viewer = "venue_op_a"

    def out_of_scope(self, world: World) -> Any:
        v = f.venue(world, "in", "neighbour")
        return f.made(
            world,
            "neighbour-staff",
            lambda: f.staff_file(by=None, venue_id=v.pk, name="邻店员工", id_number=person_id(950), hired_at=f.WHEN),
        )


class TestIncidentScope(ScopedResourceContract):
    list_url = "/api/v1/venue-incidents/"
    model = Incident
    viewer = "officer_a"
    no_permission_user = "grid_a1"
    search_param = "q"
    writes = {
        "create": Write(
            "post",
            on_list=True,
            by="venue_op_a",
            body=lambda i: {"venue": i.venue_id, "kind": "security", "occurred_at": WHEN, "description": "越权"},
        ),
    }

    def in_scope(self, world: World) -> Any:
        return f.incident(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.incident(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        start = Incident.objects.count()
        for i in range(count):
            f.incident(world, "in", start + i + 1)

    def search_term(self, obj: Any) -> str:
        return str(obj.case.number)

    def page_url(self, obj: Any) -> str:
        return f"/cases/{obj.case_id}/"


class TestGuestScope(ScopedResourceContract):
    list_url = "/api/v1/venue-guests/"
    model = Guest
    viewer = "officer_a"
    no_permission_user = "grid_a1"
    search_param = "q"
    writes = {
        "create": Write(
            "post",
            on_list=True,
            by="venue_op_a",
            body=lambda g: {
                "venue": g.venue_id,
                "guests": [{"name": "越权", "id_number": person_id(901), "check_in": WHEN}],
            },
        ),
    }
    not_applicable = {"page": "guests are counted on their venue's page, never listed there"}

    def in_scope(self, world: World) -> Any:
        return f.guest(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.guest(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        start = Guest.objects.count()
        for i in range(count):
            f.guest(world, "in", start + i + 1)


class TestHitScope(ScopedResourceContract):
    list_url = "/api/v1/venue-hits/"
    model = VenueHit
    viewer = "officer_a"
    no_permission_user = "venue_op_a"  # the venue is never told
    search_param = "q"

    def in_scope(self, world: World) -> Any:
        return f.hit(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.hit(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        start = VenueHit.objects.count()
        for i in range(count):
            f.hit(world, "in", start + i + 1)

    def page_url(self, obj: Any) -> str:
        return f"/venues/hits/{obj.pk}/"


class TestInspectionScope(ScopedResourceContract):
    list_url = "/api/v1/venue-inspections/"
    model = Inspection
    viewer = "officer_a"
    no_permission_user = "venue_op_a"
    search_param = "q"
    writes = {
        "create": Write(
            "post", on_list=True, body=lambda x: {"venue": x.venue_id, "kind": "complaint"}, out_of_scope_status=400
        )
    }

    def in_scope(self, world: World) -> Any:
        return f.inspection(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.inspection(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        start = Inspection.objects.count()
        for i in range(count):
            f.inspection(world, "in", start + i + 1)

    def search_term(self, obj: Any) -> str:
        return str(obj.case.number)

    def page_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())


class TestDrawScope(ScopedResourceContract):
    list_url = "/api/v1/venue-draws/"
    model = InspectionDraw
    viewer = "officer_a"
    no_permission_user = "venue_op_a"
    writes = {
        "create": Write(
            "post",
            on_list=True,
            out_of_scope_status=400,
            body=lambda d: {"node": d.node.ref, "period": "越权", "count": 1},
        ),
    }
    not_applicable = {
        "search": "a handful of draws per period and area: filtered by neither name nor number",
        "page": "a draw is shown on each inspection it opened",
    }

    def in_scope(self, world: World) -> Any:
        f.venue(world, "in")
        return f.draw(world, "in")

    def out_of_scope(self, world: World) -> Any:
        f.venue(world, "out")
        return f.draw(world, "out")

    def add_rows(self, world: World, count: int) -> None:
        start = InspectionDraw.objects.count()
        for i in range(count):
            f.draw(world, "in", start + i + 1)
