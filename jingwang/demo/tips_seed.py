"""The demo's residents' tips (线索/求助) at different stages, and their evaluations, made through
the tips services like any other."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from jingwang.casework.services import case_transition
from jingwang.territory.models import Node, NodeKind
from jingwang.tips.catalogue import seed_categories
from jingwang.tips.models import Category
from jingwang.tips.services import evaluation_submit, tip_submit

# category, description, place, what the officer does (transitions, with the closing answer)
TIPS = [
    ("public-order", "小区东门烧烤摊每晚喧哗到凌晨，影响休息", "东门外人行道", [], ""),
    ("fraud", "有人冒充快递客服打电话让我点链接退款", "", ["take"], ""),
    ("hazard", "3 栋楼道里有人给电动车充电，堵住了消防通道", "3 栋 1 单元", ["take", "solve"],
     "已联系物业清理楼道，并对住户进行了消防安全提醒。"),
    ("traffic", "菜场门口路灯坏了好几天", "菜场北门", ["not_ours"], "路灯维修属城管部门职责，已告知您可拨打 12345。"),
]  # fmt: skip


def seed_tips(users: dict[str, Any]) -> None:
    seed_categories(Category)
    resident, officer = users.get("resident"), users.get("officer")
    community = Node.objects.filter(kind=NodeKind.COMMUNITY).order_by("code").first()
    if resident is None or officer is None or community is None:
        return
    for code, text, place, moves, answer in TIPS:
        done = tip_submit(
            category=Category.objects.get(code=code),
            description=text,
            address_text=place or community.name,
            community=community,
            resident=resident,
        )
        for move in moves:
            note = answer if move in ("solve", "unsolved", "not_ours") else ""
            case_transition(by=officer, case_id=done.tip.case_id, transition=move, note=note)
        if "solve" in moves:
            evaluation_submit(resident=resident, kind="tips.tip", object_id=done.tip.pk, rating=5, comment="处理很及时")
    evaluation_submit(
        resident=resident,
        kind="tips.officer_year",
        object_id=community.pk,
        period=str(timezone.localdate().year),
        rating=4,
        comment="社区民警经常走访，希望夜间巡逻再多一些",
    )
