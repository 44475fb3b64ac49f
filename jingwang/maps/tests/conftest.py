"""A second police station beside the test world's, and records of every layer on both sides."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import pytest

from jingwang.accounts.services import user_create
from jingwang.cameras.models import Camera, StatusEvent
from jingwang.cameras.services import camera_create
from jingwang.core.roles import Role
from jingwang.disputes.models import Dispute
from jingwang.disputes.services import intake
from jingwang.hazards.models import Category, Hazard
from jingwang.hazards.services import hazard_report
from jingwang.hazards.tests.fixtures import departments
from jingwang.incidents.models import Incident
from jingwang.incidents.services import record_incidents
from jingwang.maps import cells
from jingwang.offices.models import PoliceOffice
from jingwang.offices.services import office_create
from jingwang.patrols.models import CheckIn
from jingwang.patrols.services import checkin_record, patrol_create
from jingwang.registry.models import Address, Unit
from jingwang.territory.importer import NodeSpec
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.services import territory_import
from jingwang.testing import PASSWORD, World, box
from jingwang.venues.models import Trade, Venue
from jingwang.venues.services import venue_create
from jingwang.watchpoints.models import PlaceKind, WatchPoint

K = NodeKind
A1, A2, B1, C1 = "grid:320106001001001", "grid:320106001001002", "grid:320106001002001", "grid:320106002001001"
# A point inside each grid (grid C1 belongs to the second station).
POINTS = {A1: (118.75, 32.05), A2: (118.75, 32.15), B1: (118.85, 32.05), C1: (118.95, 32.05)}
_seq = itertools.count(1)


C_BOX = box(118.90, 32.00, 119.00, 32.10)


def second_station_specs() -> list[NodeSpec]:
    return [
        NodeSpec("t", K.SUBDISTRICT, "320106002", "湖南路街道", parent="county:320106", boundary=C_BOX),
        NodeSpec("t", K.COMMUNITY, "320106002001", "丙社区", parent="subdistrict:320106002", boundary=C_BOX),
        NodeSpec("t", K.STATION, "320106002", "湖南路派出所", parent="bureau:320106"),
        NodeSpec("t", K.POLICE_DISTRICT, "320106002001", "丙警务区", parent="station:320106002"),
        NodeSpec("t", K.GRID, "320106002001001", "丙一网格", parent="community:320106002001",
                 police_district="320106002001", boundary=C_BOX),
    ]  # fmt: skip


@dataclass
class Mapped:
    world: World
    addresses: dict[str, list[Address]]
    disputes: dict[str, Dispute]
    unplaced_dispute: Dispute
    incidents: dict[str, Incident]
    venues: dict[str, Venue]
    hazards: dict[str, Hazard]
    cameras: dict[str, Camera]
    watchpoints: dict[str, WatchPoint]
    offices: dict[str, PoliceOffice]
    patrol_checkins: dict[str, CheckIn]

    def node(self, ref: str) -> Node:
        return Node.objects.get(kind=ref.split(":")[0], code=ref.split(":")[1])


def add_address(grid: Node, lon: float, lat: float) -> Address:
    n = next(_seq)
    return Address.objects.create(
        grid=grid, division_code="320106", road="地图路", road_number=f"{n}号",
        canonical=f"江苏省南京市鼓楼区地图路{n}号", lon=lon, lat=lat,
    )  # fmt: skip


@pytest.fixture
def mapped(world: World) -> Mapped:
    report = territory_import(by=None, specs=second_station_specs())
    assert not report.plan.fatal, report.plan.fatal
    world.nodes.update({n.ref: n for n in Node.objects.all()})
    nodes = {ref: Node.objects.get(kind=ref.split(":")[0], code=ref.split(":")[1]) for ref in POINTS}
    for name, role, ref in [
        ("leader_2", Role.STATION_LEADER, "station:320106002"),
        ("officer_2", Role.COMMUNITY_OFFICER, "police_district:320106002001"),
    ]:
        scope = Node.objects.get(kind=ref.split(":")[0], code=ref.split(":")[1])
        world.users[name] = user_create(
            by=None, username=name, display_name=name, password=PASSWORD, role=role, scopes=[scope]
        )
    addresses: dict[str, list[Address]] = {}
    for ref, count in [(A1, 3), (A2, 2), (B1, 2), (C1, 4)]:
        lon, lat = POINTS[ref]
        addresses[ref] = [add_address(nodes[ref], lon + 0.001 * i, lat + 0.0005 * i) for i in range(count)]
    cells.rebuild("addresses")
    disputes = {}
    for ref, by in [(A1, "grid_a1"), (C1, "officer_2")]:
        d = intake.dispute_report(
            by=world.users[by], data={"title": f"{ref}漏水纠纷", "summary": "楼上漏水。", "kind": "neighbours"},
            source="grid", grid=nodes[ref], parties=[intake.PartyIn(role="applicant", name="王芳")],
        )  # fmt: skip
        Dispute.objects.filter(pk=d.pk).update(address=addresses[ref][0])
        disputes[ref] = Dispute.objects.get(pk=d.pk)
    unplaced = intake.dispute_report(
        by=world.users["officer_2"], data={"title": "无地址纠纷", "summary": "无地址。", "kind": "neighbours"},
        source="grid", grid=nodes[C1], parties=[intake.PartyIn(role="applicant", name="李强")],
    )  # fmt: skip
    incidents = {}
    for ref in (A1, C1):
        number = f"M{next(_seq):08d}"
        lon, lat = POINTS[ref]
        row = {"number": number, "occurred_at": "2026-03-01 14:30", "category": "0101", "lon": lon, "lat": lat}
        result = record_incidents([row], by=None)
        assert not result.problems, result.problems
        incidents[ref] = Incident.objects.get(number=number)
    venues = {}
    for ref in (A1, C1):
        unit = Unit.objects.create(grid=nodes[ref], name=f"{ref[-3:]}宾馆", industry="hotel", address=addresses[ref][1])
        venues[ref] = venue_create(
            by=None, unit=unit, trade=Trade.objects.get(code="hotel"), licence_number=f"L{ref[-3:]}"
        )
    # Officers of each station: officer_a in grid A1's district, officer_2 in grid C1's.
    officers = {A1: world.users["officer_a"], C1: world.users["officer_2"]}
    departments()
    hazards, cameras, watchpoints, offices, checkins = {}, {}, {}, {}, {}
    for ref in (A1, C1):
        lon, lat = POINTS[ref]
        hazards[ref] = hazard_report(
            by=officers[ref], grid=nodes[ref], category=Category.objects.get(code="ebike_indoor"),
            description="楼道内停放电动车", place=f"{ref[-3:]}小区1号楼", lat=f"{lat:.6f}", lon=f"{lon:.6f}",
        )  # fmt: skip
        camera = camera_create(
            by=None, gb_id=f"320106000013159{next(_seq):05d}", name=f"{ref[-3:]}路口", grid=nodes[ref],
            latitude=f"{lat + 0.002:.6f}", longitude=f"{lon + 0.002:.6f}",
        )  # fmt: skip
        # Online first, offline since: the latest status is what the map shows.
        StatusEvent.objects.create(camera=camera, at=camera.registered_ts + 60, status="on")
        StatusEvent.objects.create(camera=camera, at=camera.registered_ts + 120, status="off" if ref == C1 else "on")
        cameras[ref] = camera
        watchpoints[ref] = WatchPoint.objects.create(
            name=f"{ref[-3:]}便利店", kind=PlaceKind.SHOP, address="地图路1号", grid=nodes[ref],
            lon=lon + 0.003, lat=lat + 0.003,
        )  # fmt: skip
        district = nodes[ref].police_district
        assert district is not None
        offices[ref] = office_create(
            by=None, district=district, name=f"{district.name}警务室", address="地图路2号",
            latitude=f"{lat + 0.004:.6f}", longitude=f"{lon + 0.004:.6f}",
        )  # fmt: skip
        patrol = patrol_create(by=officers[ref], title=f"{ref[-3:]}网格巡逻", area=nodes[ref], kind="ad_hoc")
        checkins[ref] = checkin_record(
            by=officers[ref], patrol_id=patrol.pk, lat=f"{lat + 0.005:.6f}", lon=f"{lon + 0.005:.6f}", seen="正常"
        )
    return Mapped(
        world, addresses, disputes, unplaced, incidents, venues, hazards, cameras, watchpoints, offices, checkins
    )


def api_for(world: World, name: str) -> Any:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user=world.users[name])
    return client


EVERYWHERE = {"bbox": "118.0,31.5,119.5,32.5"}
