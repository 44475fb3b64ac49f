"""The demo city's key venues: units of several trades made through the registry's and the
venues' services, with staff (one filed late, one on a watch list), incidents, a guest batch with
a planted watch-list hit, and inspections at every stage (scheduled, rectifying, overdue with its
targeted follow-up, closed). Small, so the seed stays fast."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from jingwang.casework.catalogue import department_save
from jingwang.casework.models import DeadlinePolicy, Department
from jingwang.casework.services import case_transition
from jingwang.core.identity import synthetic_id_number
from jingwang.demo.focus_seed import demo_id_number
from jingwang.registry.services.places import unit_create
from jingwang.territory.models import Node, NodeKind
from jingwang.venues.inspections import inspection_draw, inspection_open, rectifications_overdue
from jingwang.venues.models import Inspection, Trade, Venue
from jingwang.venues.services import (
    GuestRow,
    guests_receive,
    incident_report,
    staff_file,
    venue_create,
    venue_set_operators,
)
from jingwang.venues.trades import seed_trades
from jingwang.verification.services.watchlists import entry_add, watchlist_create

# name, trade, security contact, licence issuer, days the licence still runs
VENUES = [
    ("鼓楼宾馆", "hotel", "钱保国", "南京市公安局鼓楼分局", 400),
    ("星光KTV", "entertainment", "吴海", "鼓楼区文化和旅游局", 20),
    ("信达典当行", "pawnshop", "郑立", "江苏省商务厅", 300),
    ("顺达快递宁海路站", "delivery", "冯涛", "南京市邮政管理局", 200),
    ("恒安开锁", "locksmith", "陈锁", "南京市公安局鼓楼分局", 150),
    ("速达网吧", "internet_cafe", "黄新", "鼓楼区文化和旅游局", 90),
]


def _id(seq: int) -> str:
    return synthetic_id_number(region="320106", birth=date(1988, 1 + seq % 12, 1 + seq % 28), seq=700 + seq)


def seed_venues(users: dict[str, Any]) -> None:
    officer, operator, leader = users.get("officer"), users.get("hotel"), users.get("leader")
    grids = list(Node.objects.filter(kind=NodeKind.GRID, police_district__isnull=False).order_by("code")[:2])
    if officer is None or leader is None or not grids:
        return
    district = grids[0].police_district
    assert district is not None
    if not Department.objects.filter(name="区消防救援大队").exists():
        department_save(
            by=None,
            department_id=None,
            expected_version=None,
            data={"name": "区消防救援大队", "contact": "严明", "phone": "025-0000-0119", "default_deadline_hours": 48},
        )
    seed_trades(Trade, DeadlinePolicy)  # a test's flush empties what migration 0002 wrote
    now = timezone.now()
    today = timezone.localdate(now)
    venues: dict[str, Venue] = {}
    for i, (name, trade, contact, issuer, days) in enumerate(VENUES):
        unit = unit_create(
            by=None,
            grid=grids[i % len(grids)],
            address=None,
            data={
                "name": name,
                "industry": "other",
                "security_contact": contact,
                "security_contact_phone": f"1700001{i:04d}",
            },
        )
        venues[trade] = venue_create(
            by=None,
            unit=unit,
            trade=Trade.objects.get(code=trade),
            responsible_officer=officer,
            licence_number=f"鼓公特字第{2024000 + i}号",
            licence_issuer=issuer,
            licence_valid_from=today - timedelta(days=700),
            licence_valid_until=today + timedelta(days=days),
        )
    hotel = venues["hotel"]
    if operator is not None:
        venue_set_operators(by=None, venue_id=hotel.pk, operators=[operator])

    # A watch list with one wanted person, who checks into the hotel.
    wanted = watchlist_create(
        by=leader,
        node=Node.objects.get(kind=NodeKind.STATION, code=grids[0].code[:9]),
        name="网上追逃人员",
        category="wanted",
        legal_basis="《刑事诉讼法》第一百五十五条（演示数据）",
        review_period_days=90,
    )
    entry_add(
        by=leader,
        watchlist_id=wanted.pk,
        name="贾某某",
        id_number=_id(99),
        instruction="发现后立即报告，稳妥控制",
    )

    staff_file(
        by=None, venue_id=hotel.pk, name="前台李娜", id_number=_id(1), hired_at=now - timedelta(hours=3), job="前台"
    )
    staff_file(
        by=None, venue_id=hotel.pk, name="保洁王芳", id_number=_id(2), hired_at=now - timedelta(hours=40), job="保洁"
    )
    staff_file(
        by=None,
        venue_id=venues["entertainment"].pk,
        name="服务员赵强",
        id_number=_id(3),
        hired_at=now - timedelta(hours=5),
    )
    # A focus person (a drug user: 王志刚 of the focus seed) filed as staff at the KTV: barred in
    # the trade, the hit told to his own responsible officer as 关注人员, the venue told nothing.
    staff_file(
        by=None,
        venue_id=venues["entertainment"].pk,
        name="王志刚",
        id_number=demo_id_number(2),
        hired_at=now - timedelta(hours=2),
        job="保安",
    )
    incident_report(
        by=None,
        venue_id=venues["entertainment"].pk,
        kind="security",
        occurred_at=now - timedelta(minutes=30),
        description="包间两名客人酒后争执，已劝离，无人受伤。",
    )
    incident_report(
        by=None,
        venue_id=hotel.pk,
        kind="foreign",
        occurred_at=now - timedelta(hours=3),
        description="境外旅客护照遗失，已协助报失。",
    )
    rows = [GuestRow(f"旅客{i}", _id(10 + i), f"{301 + i}", now - timedelta(hours=i)) for i in range(8)]
    rows.append(GuestRow("贾某某", _id(99), "308", now - timedelta(hours=1)))
    guests_receive(by=None, venue_id=hotel.pk, rows=rows)

    # Inspections at every stage.
    inspection_draw(
        by=None,
        node=district,
        period=f"{today:%Y}-Q{(today.month - 1) // 3 + 1}",
        count=2,
        seed=20261121,
    )
    rectifying = inspection_open(by=officer, venue=venues["entertainment"], kind="complaint", note="群众投诉噪音扰民")
    items = [row["item"] for row in rectifying.checklist]
    case_transition(
        by=officer,
        case_id=rectifying.case_id,
        transition="notice",
        note="营业日志缺3日记录，限期补齐。",
        payload={"checked": [i for i in items if i != "营业日志完整未涂改"], "failed": ["营业日志完整未涂改"]},
    )
    passed = inspection_open(by=officer, venue=venues["pawnshop"], kind="routine")
    case_transition(
        by=officer,
        case_id=passed.case_id,
        transition="pass",
        note="检查合格",
        payload={"checked": [row["item"] for row in passed.checklist]},
    )
    lapsed = inspection_open(by=officer, venue=venues["internet_cafe"], kind="complaint", note="群众反映消防通道堵塞")
    case_transition(by=officer, case_id=lapsed.case_id, transition="notice_fire", note="消防通道堆放杂物，灭火器过期。")
    Inspection.objects.filter(pk=lapsed.pk).update(rectify_by=now - timedelta(minutes=1))
    rectifications_overdue(now)  # → targeted inspection and a work order to the fire service
