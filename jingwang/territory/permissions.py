"""Who may do what to territory nodes (scope aside: territory decides which rows)."""

from __future__ import annotations

from jingwang.core.roles import STAFF_ROLES, Role

R = Role
PERMISSIONS = {
    "territory.node": {
        "view": STAFF_ROLES,
        "add": frozenset({R.SYSTEM_ADMIN}),
        "change": frozenset({R.SYSTEM_ADMIN}),
    },
}
