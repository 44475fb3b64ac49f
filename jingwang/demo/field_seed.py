"""The demo city's field work (issue 12): a week of patrols with check-ins (the officer, the grid
worker and a volunteer), home visits to shops of the first grids, and hazards at every stage —
found, notified, rectified, re-checked and closed, handed over by hand (serious) and by the sweep
(overdue) — one of them raised on a patrol. Everything through the apps' own services."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from jingwang.casework.catalogue import department_save
from jingwang.casework.models import Department
from jingwang.casework.services import case_transition
from jingwang.hazards.catalogue import seed_categories
from jingwang.hazards.models import Category, Hazard
from jingwang.hazards.services import hazard_report, hazards_overdue
from jingwang.patrols.models import RaisedKind
from jingwang.patrols.services import checkin_record, patrol_create, patrol_finish, patrol_raise
from jingwang.registry.services.places import unit_create
from jingwang.territory.models import Node, NodeKind
from jingwang.visits.services import visit_record

SHOPS = ["宁海路便利店", "颐和路理发店", "北京西路小吃店", "珞珈路五金店", "天目路洗衣店"]
# category, place, what was found, how far along (the transitions made after the report)
HAZARDS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("ebike_indoor", "宁海路5号2单元", "楼道内停放三辆电动自行车", ()),
    ("flying_lead", "颐和路12号", "一楼窗口飞线充电", ("notify",)),
    ("no_lock_light", "北京西路8号3单元", "单元门锁损坏、楼道无照明", ("notify", "rectify")),
    ("crowded_rental", "珞珈路20号301室", "一套住房隔成六间出租", ("notify", "rectify", "recheck")),
    ("blocked_exit", "天目路菜场", "安全出口被货物堵塞", ("hand_over",)),
    ("fire_other", "宁海路17号", "消火栓箱内无水带", ("notify", "overdue")),
]
NOTICE = {"responsible_kind": "property", "responsible_name": "宁海物业服务中心"}


def _departments() -> None:
    for name in settings.HAZARDS_DEPARTMENTS.values():
        if not Department.objects.filter(name=name).exists():
            department_save(
                by=None, department_id=None, expected_version=None, data={"name": name, "default_deadline_hours": 72}
            )


def _at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


def _hazard(officer: Any, grid: Node, row: tuple[str, str, str, tuple[str, ...]], patrol_id: int | None) -> Hazard:
    code, place, found, moves = row

    def report() -> Hazard:
        return hazard_report(
            by=officer,
            grid=grid,
            category=Category.objects.get(code=code),
            description=found,
            place=place,
            lat="32.0574",
            lon="118.7725",
        )

    hazard = (
        patrol_raise(by=officer, patrol_id=patrol_id, kind=RaisedKind.HAZARD, make=report, case_of=lambda h: h.case)
        if patrol_id
        else report()
    )
    for move in moves:
        if move == "overdue":  # the deadline passed yesterday: the sweep hands it over
            Hazard.objects.filter(pk=hazard.pk).update(rectify_by=timezone.now() - timedelta(days=1))
            hazards_overdue()
            continue
        payload = NOTICE if move == "notify" else {"to": ""} if move == "hand_over" else {}
        note = {
            "notify": "已书面告知物业",
            "rectify": "物业已整改，附照片",
            "recheck": "复查合格",
            "hand_over": "重大隐患",
        }
        case_transition(by=officer, case_id=hazard.case_id, transition=move, note=note[move], payload=payload)
    return hazard


def seed_field(users: dict[str, Any]) -> dict[str, int]:
    officer, grid_worker, volunteer = users.get("officer"), users.get("gridworker"), users.get("volunteer")
    auxiliary = users.get("auxiliary")
    if officer is None or grid_worker is None:
        return {}
    seed_categories(Category)  # a test's flush empties what migration 0002 wrote
    _departments()
    grids = list(Node.objects.filter(kind=NodeKind.GRID, police_district__isnull=False).order_by("code")[:2])
    grid = grids[0]
    members = [u for u in (grid_worker, volunteer) if u is not None]
    now = timezone.localtime()
    patrols = []
    for back in range(6, -1, -1):  # a week of evening patrols, the last one still under way
        day = now - timedelta(days=back)
        start = _at(day, 9) if back else now - timedelta(hours=1)
        patrol = patrol_create(
            by=officer,
            title=f"{grid.name}巡逻 {day:%m-%d}",
            area=grid,
            members=members,
            route="宁海路—颐和路—北京西路",
            planned_start=start,
            planned_end=start + timedelta(hours=3),
        )
        moments = [start + timedelta(minutes=m) for m in (5, 50, 100)] if back else [start + timedelta(minutes=5)]
        for i, moment in enumerate(moments):
            who = officer if i != 1 or volunteer is None else volunteer
            checkin_record(
                by=who, patrol_id=patrol.pk, lat=f"32.05{i}", lon=f"118.77{i}", seen="沿街商铺正常", at=moment
            )
        if back:
            patrol_finish(by=officer, patrol_id=patrol.pk)
        patrols.append(patrol)
    shops = [
        unit_create(by=None, grid=grids[i % len(grids)], address=None, data={"name": name, "industry": "other"})
        for i, name in enumerate(SHOPS)
    ]
    visits = 0
    for back in range(1, 7):  # the past six days (a visit is never recorded ahead of time)
        for i, shop in enumerate(shops[: 2 + back % 3]):
            visit_record(
                by=auxiliary if auxiliary is not None and i == 2 else officer,
                purpose="safety" if i % 2 else "routine",
                unit=shop,
                met="店主",
                learnt="消防器材在有效期内，安全通道畅通",
                follow_up="" if i else "督促更换过期灭火器",
                visited_at=_at(now - timedelta(days=back), 14 if i % 2 else 10, 10 * i),
            )
            visits += 1
    for i, row in enumerate(HAZARDS):
        _hazard(officer, grid, row, patrols[-1].pk if i == 0 else None)
    return {"patrols": len(patrols), "visits": visits, "hazards": len(HAZARDS)}
