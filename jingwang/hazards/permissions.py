"""Hazards: anyone in the field reports one in their grids; the case's moves are the case type's."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role

R = Role
FINDERS = frozenset({R.COMMUNITY_OFFICER, R.AUXILIARY_OFFICER, R.GRID_WORKER, R.STATION_LEADER})
PERMISSIONS = {
    "hazards.category": {
        "view": FIELD_ROLES | LEADER_ROLES | {R.SYSTEM_ADMIN},
        "change": frozenset({R.SYSTEM_ADMIN}),
    },
    "hazards.hazard": {
        "view": FIELD_ROLES | LEADER_ROLES,
        "add": FINDERS,
        "change": FINDERS,
        "export": LEADER_ROLES,
    },
}
