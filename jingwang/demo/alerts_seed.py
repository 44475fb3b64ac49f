"""The demo's volunteers, teams, watch points and an area alert in progress (a missing elderly man
pushed to the first community's grids, acknowledged by the watch point with a "seen at")."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from shapely.geometry import shape

from jingwang.accounts.models import User
from jingwang.alerts.models import Audience, Delivery
from jingwang.alerts.services import AlertInput, alert_send, delivery_acknowledge
from jingwang.territory.models import Node, NodeKind
from jingwang.volunteers.models import Activity, Status, Team, Volunteer
from jingwang.volunteers.services import volunteer_verify
from jingwang.watchpoints.models import WatchPoint

COUNTY = "320106"
FIRST_DISTRICT = f"{COUNTY}001001"
FIRST_COMMUNITY = f"{COUNTY}001001"

TEAMS = [
    ("宁海路义警队", "yijing", ""),
    ("宁海路平安志愿者服务队", "safety", ""),
    ("快递员平安联盟", "trades", "快递员"),
]
VOLUNTEERS = [  # name, team index, skills, availability, status
    ("周建平", 0, "退役军人，熟悉街巷", "每晚 19:00-21:00", Status.VERIFIED),
    ("吴晓燕", 1, "急救员证", "周末", Status.VERIFIED),
    ("陈师傅", 2, "快递员，熟悉小区", "工作日白天", Status.VERIFIED),
    ("李文静", 1, "心理咨询", "周六上午", Status.APPLIED),
]
WATCH_POINTS = [  # name, kind, functions, opening hours, address
    ("宁海路便民药店", "pharmacy", ["refuge", "alarm", "help", "information"], "08:00-22:00", "宁海路12号"),
    ("苏果超市宁海路店", "supermarket", ["refuge", "help", "information", "intelligence"], "07:30-22:30", "宁海路30号"),
    ("颐和小区门岗", "gatehouse", ["refuge", "alarm", "intelligence"], "24小时", "颐和路8号"),
]


def _centre(grid: Node) -> tuple[float | None, float | None]:
    if not grid.boundary:
        return None, None
    point = shape(grid.boundary).centroid
    return round(point.x, 6), round(point.y, 6)


def seed_alerts(users: dict[str, User]) -> dict[str, Any]:
    officer, leader = users["officer"], users["leader"]
    district = Node.objects.get(kind=NodeKind.POLICE_DISTRICT, code=FIRST_DISTRICT)
    grids = list(
        Node.objects.filter(kind=NodeKind.GRID, parent__code=FIRST_COMMUNITY, parent__kind=NodeKind.COMMUNITY).order_by(
            "code"
        )
    )
    teams = [Team.objects.create(name=n, kind=k, trade=t, district=district) for n, k, t in TEAMS]

    # The demo volunteer account: registered by the officer, verified (the role is already held).
    me = Volunteer.objects.create(
        name=users["volunteer"].display_name,
        user=users["volunteer"],
        grid=grids[0],
        team=teams[1],
        skills="社区巡防、信息员",
        availability="工作日晚上",
        registered_by=officer,
        status=Status.APPLIED,
    )
    volunteer_verify(by=officer, volunteer_id=me.pk)
    today = timezone.localdate()
    Activity.objects.bulk_create(
        [
            Activity(
                volunteer=me,
                kind="patrol",
                day=today - timedelta(days=d),
                hours=Decimal("2.0"),
                note="夜间巡防",
                recorded_by=officer,
            )
            for d in (2, 9, 16)
        ]
    )
    for i, (name, team, skills, availability, status) in enumerate(VOLUNTEERS):
        made = Volunteer.objects.create(
            name=name,
            grid=grids[i % len(grids)],
            team=teams[team],
            skills=skills,
            availability=availability,
            registered_by=officer,
            status=status,
            verified_by=officer if status == Status.VERIFIED else None,
            verified_at=timezone.now() if status == Status.VERIFIED else None,
        )
        if status == Status.VERIFIED:
            Activity.objects.create(
                volunteer=made,
                kind="event",
                day=today - timedelta(days=5),
                hours=Decimal("3.0"),
                note="社区活动执勤",
                recorded_by=officer,
            )

    for i, (name, kind, functions, hours, address) in enumerate(WATCH_POINTS):
        grid = grids[i % len(grids)]
        lon, lat = _centre(grid)
        WatchPoint.objects.create(
            name=name,
            kind=kind,
            functions=functions,
            opening_hours=hours,
            address=address,
            grid=grid,
            keeper=users["watchpoint"] if i == 0 else None,
            lon=lon,
            lat=lat,
        )

    alert = alert_send(
        by=leader,
        data=AlertInput(
            title="寻找走失老人",
            body="张某某，男，78岁，身高约1.65米，身穿深蓝色外套，患阿尔茨海默病，今晨从颐和小区走失。见到请就近联系社区民警。",
            kind="missing_person",
            priority="high",
            audiences=[Audience.GRID_WORKERS, Audience.ROSTER, Audience.VOLUNTEERS, Audience.WATCH_POINTS],
            expires_in_hours=24,
            sms_after_minutes=15,
            area=[Node.objects.get(kind=NodeKind.COMMUNITY, code=FIRST_COMMUNITY)],
        ),
    )
    keeper = Delivery.objects.filter(alert=alert, recipient=users["watchpoint"]).first()
    if keeper is not None:
        lon, lat = _centre(grids[0])
        delivery_acknowledge(
            by=users["watchpoint"],
            delivery_id=keeper.pk,
            text="一位相似老人刚从店门口经过，往北走了",
            place="宁海路便民药店门口",
            lon=lon,
            lat=lat,
        )
    return {
        "teams": len(teams),
        "watch_points": len(WATCH_POINTS),
        "alert": alert.pk,
        "recipients": alert.recipient_count,
    }
