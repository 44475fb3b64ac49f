"""Casework (every case type shares casework.case): the field and leaders by territory; mediators
and department staff only on cases referred to them (Case.scope_filter). Leaders supervise (督办),
take cases over (包案) and decide delays."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, STAFF_ROLES, Role

R = Role
CASE_WORKERS = FIELD_ROLES | LEADER_ROLES | {R.MEDIATOR, R.DEPARTMENT_STAFF}
PERMISSIONS = {
    "casework.case": {
        "view": CASE_WORKERS,
        "add": FIELD_ROLES | LEADER_ROLES,
        "change": CASE_WORKERS,
        "supervise": LEADER_ROLES,
        "take_over": LEADER_ROLES,
        "approve_delay": LEADER_ROLES,
    },
    "casework.department": {
        "view": STAFF_ROLES - {R.SECURITY_ADMIN, R.AUDIT_ADMIN},
        "add": frozenset({R.SYSTEM_ADMIN}),
        "change": frozenset({R.SYSTEM_ADMIN}),
    },
    # Stage deadlines per case type, level and urgency: settings the system administrator keeps.
    "casework.deadlinepolicy": {
        "view": LEADER_ROLES | {R.SYSTEM_ADMIN},
        "add": frozenset({R.SYSTEM_ADMIN}),
        "change": frozenset({R.SYSTEM_ADMIN}),
        "delete": frozenset({R.SYSTEM_ADMIN}),
    },
}
