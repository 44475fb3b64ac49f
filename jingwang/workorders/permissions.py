"""吹哨报到: a community or grid raises, the department accepts, acts and reports back."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role

R = Role
WORK_ORDER_WORKERS = FIELD_ROLES | LEADER_ROLES | {R.DEPARTMENT_STAFF}
PERMISSIONS = {
    "workorders.workorder": {
        "view": WORK_ORDER_WORKERS,
        "add": FIELD_ROLES | LEADER_ROLES,
        "change": WORK_ORDER_WORKERS,
    },
}
