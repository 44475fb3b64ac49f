"""Who may do what to accounts, role assignments and the 1+X+N roster."""

from __future__ import annotations

from jingwang.core.roles import POLICE_ROLES, Role

R = Role
PERMISSIONS = {
    "accounts.user": {
        "view": frozenset({R.SECURITY_ADMIN}),
        "add": frozenset({R.SECURITY_ADMIN}),
        "change": frozenset({R.SECURITY_ADMIN}),
    },
    "accounts.roleassignment": {
        "view": frozenset({R.SECURITY_ADMIN}),
        "add": frozenset({R.SECURITY_ADMIN}),
        "delete": frozenset({R.SECURITY_ADMIN}),
    },
    "accounts.rostermember": {
        "view": POLICE_ROLES | {R.GRID_WORKER, R.POLICE_ASSISTANT},
        "add": frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER}),
        "change": frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER}),
        "delete": frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER}),
    },
}
