"""The demo city's police offices (one in most police districts, some meeting the standard, with
their officers on duty) and cameras with a month of status: mostly online, missed heartbeats,
video lost and defects now and then, a few real outages, and two cameras offline now past the
threshold (their work orders raised by the sweep). The days are rolled up as the job would."""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from jingwang.cameras.models import Camera, OwnerKind, PlaceClass, StatusEvent
from jingwang.cameras.rollup import local_day, rollup_day
from jingwang.cameras.services import camera_create, communities_warn, outages_sweep
from jingwang.offices.models import Function
from jingwang.offices.services import duty_candidates, office_create
from jingwang.territory.models import Node, NodeKind

DAYS = 30
GRIDS = 12
PLACES = [
    ("路口", PlaceClass.KEY_PUBLIC, OwnerKind.PUBLIC, "9"),
    ("小区大门", PlaceClass.OTHER, OwnerKind.COMMUNITY, ""),
    ("商铺门前", PlaceClass.TRADE, OwnerKind.VENUE, ""),
]


def seed_cameras(users: dict[str, Any], *, seed: int = 28181) -> dict[str, int]:
    rng = random.Random(seed)
    offices = _offices(rng)
    cameras = _cameras(rng)
    return {"offices": offices, "cameras": cameras}


def _offices(rng: random.Random) -> int:
    districts = list(Node.objects.filter(kind=NodeKind.POLICE_DISTRICT, is_active=True).order_by("code"))
    made = 0
    for i, district in enumerate(districts):
        if i % 4 == 3:  # most districts, not all: the map shows the gaps
            continue
        standard = i % 3 != 2
        functions = [Function.RECEPTION, Function.MEDIATION, Function.SERVICES] if standard else [Function.RECEPTION]
        if i % 2 == 0:
            functions.append(Function.PATROL)
        office = office_create(
            by=None,
            district=district,
            name=f"{district.name}警务室",
            address=f"{district.name}社区服务中心一楼",
            latitude=Decimal("32.06") + Decimal(i) / 200,
            longitude=Decimal("118.76") + Decimal(i) / 200,
            opening_hours="周一至周五 8:30-17:30，周六 9:00-12:00",
            phone=f"025-8300{i:04d}",
            separate_room=standard,
            has_sign=standard or i % 2 == 0,
            functions=[str(f) for f in functions],
            on_duty=list(duty_candidates(district)[:3]),
        )
        made += 1 if office.pk else 0
    return made


def _cameras(rng: random.Random) -> int:
    # The first community's grids and a few more: enough to see, few enough to seed in seconds.
    grids = list(Node.objects.filter(kind=NodeKind.GRID, is_active=True).order_by("code")[:GRIDS])
    if not grids:
        return 0
    now = int(time.time())
    start = now - DAYS * 86400
    registered = datetime.fromtimestamp(start, tz=timezone.get_current_timezone())
    made: list[Camera] = []
    serial = 1
    for g, grid in enumerate(grids):
        for p, (place, place_class, owner, place_type) in enumerate(PLACES):
            type_code = "132" if p != 1 else "131"
            made.append(
                camera_create(
                    by=None,
                    gb_id=f"32010600{'00'}{type_code}5{serial:06d}",
                    name=f"{grid.name}{place}",
                    grid=grid,
                    owner_kind=owner,
                    place_class=place_class,
                    place_type=place_type,
                    latitude=Decimal("32.05") + Decimal(g) / 300 + Decimal(p) / 3000,
                    longitude=Decimal("118.77") + Decimal(g) / 300,
                    registered_at=registered,
                )
            )
            serial += 1
        if g == 0:  # the district's recorder
            camera_create(
                by=None,
                gb_id=f"32010600{'00'}1185{serial:06d}",
                name=f"{grid.name}录像机",
                grid=grid,
                owner_kind=OwnerKind.PUBLIC,
                place_class=PlaceClass.KEY_PUBLIC,
                registered_at=registered,
            )
            serial += 1
    events: list[StatusEvent] = []
    for n, camera in enumerate(made):
        t = start + rng.randrange(0, 300)
        events.append(StatusEvent(camera=camera, at=t, status="on"))
        flaky = n % 23 == 5  # a few cameras that fall short of their target
        while True:
            t += rng.randrange(3 * 3600, 10 * 3600) if flaky else rng.randrange(8 * 3600, 48 * 3600)
            if t >= now - 8 * 3600:
                break
            kind = rng.random()
            if kind < 0.6:  # a missed heartbeat: back within the grace
                status, gap = "off", rng.randrange(60, 170)
            elif kind < 0.8:
                status, gap = "off", rng.randrange(1800, 3 * 3600) if flaky else rng.randrange(300, 1200)
            elif kind < 0.9:
                status, gap = "vlost", rng.randrange(300, 1200)
            else:
                status, gap = "defect", rng.randrange(600, 1800)
            events += [
                StatusEvent(camera=camera, at=t, status=status),
                StatusEvent(camera=camera, at=t + gap, status="on"),
            ]
            t += gap
    # Two cameras offline now, past the threshold: the sweep raises their work orders.
    for camera in made[1:3]:
        events.append(StatusEvent(camera=camera, at=now - settings.CAMERAS_OUTAGE_AFTER_SECONDS - 1800, status="off"))
    StatusEvent.objects.bulk_create(events, ignore_conflicts=True, batch_size=2000)
    today = local_day(now)
    for back in range(DAYS, -1, -1):
        day = today - timedelta(days=back)
        rollup_day(day, now=now)
        if 0 < back <= 2:  # the warnings the job would have sent lately (not a month of them)
            communities_warn(day)
    outages_sweep(now=now)
    return len(made)
