"""Test helpers shared by every app: a small territory with named users per role and place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jingwang.accounts.models import User
from jingwang.accounts.services import user_create
from jingwang.core.roles import Role
from jingwang.territory.importer import NodeSpec
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.services import territory_import

PASSWORD = "Correct-Horse-42"
K = NodeKind


def box(w: float, s: float, e: float, n: float) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}


def world_specs() -> list[NodeSpec]:
    """Two communities (A, B) of one subdistrict, each its own police district of one station.
    Grids A1, A2 lie in community/district A; grid B1 in B."""
    return [
        NodeSpec("t", K.PROVINCE, "320000", "江苏省"),
        NodeSpec("t", K.CITY, "320100", "南京市", parent="province:320000"),
        NodeSpec("t", K.COUNTY, "320106", "鼓楼区", parent="city:320100", boundary=box(118.70, 32.00, 118.90, 32.20)),
        NodeSpec(
            "t",
            K.SUBDISTRICT,
            "320106001",
            "宁海路街道",
            parent="county:320106",
            boundary=box(118.70, 32.00, 118.90, 32.20),
        ),
        NodeSpec(
            "t",
            K.COMMUNITY,
            "320106001001",
            "甲社区",
            parent="subdistrict:320106001",
            boundary=box(118.70, 32.00, 118.80, 32.20),
        ),
        NodeSpec(
            "t",
            K.COMMUNITY,
            "320106001002",
            "乙社区",
            parent="subdistrict:320106001",
            boundary=box(118.80, 32.00, 118.90, 32.20),
        ),
        NodeSpec("t", K.BUREAU, "320106", "鼓楼分局", parent="city:320100"),
        NodeSpec("t", K.STATION, "320106001", "宁海路派出所", parent="bureau:320106"),
        NodeSpec("t", K.POLICE_DISTRICT, "320106001001", "甲警务区", parent="station:320106001"),
        NodeSpec("t", K.POLICE_DISTRICT, "320106001002", "乙警务区", parent="station:320106001"),
        NodeSpec(
            "t",
            K.GRID,
            "320106001001001",
            "甲一网格",
            parent="community:320106001001",
            police_district="320106001001",
            boundary=box(118.70, 32.00, 118.80, 32.10),
        ),
        NodeSpec(
            "t",
            K.GRID,
            "320106001001002",
            "甲二网格",
            parent="community:320106001001",
            police_district="320106001001",
            boundary=box(118.70, 32.10, 118.80, 32.20),
        ),
        NodeSpec(
            "t",
            K.GRID,
            "320106001002001",
            "乙一网格",
            parent="community:320106001002",
            police_district="320106001002",
            boundary=box(118.80, 32.00, 118.90, 32.20),
        ),
    ]


@dataclass
class World:
    nodes: dict[str, Node]
    users: dict[str, User]

    def node(self, ref: str) -> Node:
        return self.nodes[ref]

    def __getattr__(self, name: str) -> Any:
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


USERS = {
    "officer_a": (Role.COMMUNITY_OFFICER, "police_district:320106001001"),
    "officer_b": (Role.COMMUNITY_OFFICER, "police_district:320106001002"),
    "aux_a": (Role.AUXILIARY_OFFICER, "police_district:320106001001"),
    "grid_a1": (Role.GRID_WORKER, "grid:320106001001001"),
    "grid_b1": (Role.GRID_WORKER, "grid:320106001002001"),
    "leader": (Role.STATION_LEADER, "station:320106001"),
    "commander": (Role.BUREAU_COMMANDER, "bureau:320106"),
    "mediator": (Role.MEDIATOR, "station:320106001"),
    "dept": (Role.DEPARTMENT_STAFF, "county:320106"),
    "sysadmin": (Role.SYSTEM_ADMIN, "city:320100"),
    "sysadmin_a": (Role.SYSTEM_ADMIN, "community:320106001001"),
    "secadmin": (Role.SECURITY_ADMIN, "city:320100"),
    "secadmin_b": (Role.SECURITY_ADMIN, "community:320106001002"),
    "auditor": (Role.AUDIT_ADMIN, "city:320100"),
    "care_a": (Role.CARE_WORKER, "community:320106001001"),
    "volunteer": (Role.VOLUNTEER, "community:320106001001"),
    # A hotel's account: the role is held over its grid, but it sees only the venues it operates.
    "venue_op_a": (Role.VENUE_OPERATOR, "grid:320106001001001"),
    "resident": (Role.RESIDENT, "community:320106001001"),
    "watch_a": (Role.WATCH_POINT_KEEPER, "grid:320106001001001"),
    "bank_a": (Role.BANK_LIAISON, "county:320106"),
}


def build_world() -> World:
    report = territory_import(by=None, specs=world_specs())
    assert not report.plan.fatal, report.plan.fatal
    nodes = {n.ref: n for n in Node.objects.all()}
    users = {
        name: user_create(by=None, username=name, display_name=name, password=PASSWORD, role=role, scopes=[nodes[ref]])
        for name, (role, ref) in USERS.items()
    }
    return World(nodes, users)


def sign_in(client: Any, user: User, *, stepped_up: bool = False) -> Any:
    """Sign a Django test client in as `user`, as the sign-in page would (session timestamps set).
    Signing in is not a step-up; `stepped_up=True` also confirms the password as the confirm page
    would, for tests of what comes after it (reveal, export, role changes)."""
    import time

    from jingwang.accounts.middleware import AUTH_AT, SEEN_AT
    from jingwang.accounts.stepup import REAUTH_AT

    client.force_login(user)
    session = client.session
    session[AUTH_AT] = session[SEEN_AT] = time.time()
    if stepped_up:
        session[REAUTH_AT] = time.time()
    session.save()
    return client
