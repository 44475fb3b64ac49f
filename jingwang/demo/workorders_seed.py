"""The demo city's departments (吹哨报到 receivers) and a few work orders at different stages,
made through the services like any other."""

from __future__ import annotations

from typing import Any

from jingwang.casework.catalogue import department_save, department_set_members
from jingwang.casework.services import case_transition
from jingwang.territory.models import Node, NodeKind
from jingwang.workorders.services import workorder_raise

# name, contact, phone (invented), default deadline (hours)
DEPARTMENTS = [
    ("区城市管理局", "钱志明", "025-0000-0101", 48),
    ("区住房和城乡建设局", "冯丽", "025-0000-0102", 72),
    ("区民政局", "褚建华", "025-0000-0103", 72),
    ("区卫生健康委员会", "卫国平", "025-0000-0104", 48),
    ("区司法局", "蒋文", "025-0000-0105", 96),
]


def seed_workorders(users: dict[str, Any]) -> None:
    departments = [
        department_save(
            by=None,
            department_id=None,
            expected_version=None,
            data={"name": name, "contact": contact, "phone": phone, "default_deadline_hours": hours},
        )
        for name, contact, phone, hours in DEPARTMENTS
    ]
    city_management = departments[0]
    staff = users.get("deptstaff")
    raiser = users.get("gridworker")
    if staff is None or raiser is None:
        return
    department_set_members(by=None, department_id=city_management.pk, members=[staff])
    grid = Node.objects.filter(kind=NodeKind.GRID).order_by("code").first()
    if grid is None:
        return
    workorder_raise(
        by=raiser,
        grid=grid,
        department=city_management,
        title="小区门口井盖缺失",
        description="宁海路5号小区东门井盖缺失，夜间有行人跌落风险，已设临时围挡。",
        location="宁海路5号东门",
        urgency="urgent",
    )
    accepted = workorder_raise(
        by=raiser,
        grid=grid,
        department=city_management,
        title="占道经营影响通行",
        description="早市摊点占用人行道，轮椅和婴儿车无法通过。",
        location="宁海路与北京西路路口",
    )
    case_transition(by=staff, case_id=accepted.case_id, transition="accept", note="已派执法队员")
    reported = workorder_raise(
        by=raiser,
        grid=grid,
        department=city_management,
        title="路灯不亮",
        description="小区南侧三盏路灯连续一周不亮。",
    )
    case_transition(by=staff, case_id=reported.case_id, transition="accept")
    case_transition(by=staff, case_id=reported.case_id, transition="report", note="已更换灯具，恢复照明。")
