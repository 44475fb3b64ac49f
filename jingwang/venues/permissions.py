"""Key trades and venues: the police and grid by the venue's grid; a venue operator its own
venue only (files staff, incidents and guests; sees nothing else, never a list match)."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, POLICE_ROLES, Role

R = Role
OPERATOR = frozenset({R.VENUE_OPERATOR})
INSPECTORS = frozenset({R.COMMUNITY_OFFICER, R.AUXILIARY_OFFICER, R.STATION_LEADER})
PERMISSIONS = {
    "venues.trade": {
        "view": FIELD_ROLES | LEADER_ROLES | {R.SYSTEM_ADMIN},
        "change": frozenset({R.SYSTEM_ADMIN}),
    },
    "venues.venue": {
        "view": FIELD_ROLES | LEADER_ROLES | OPERATOR,
        "add": frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER}),
        "change": frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER}),
        "export": LEADER_ROLES,
    },
    "venues.stafffiling": {"view": POLICE_ROLES | OPERATOR, "add": OPERATOR | {R.COMMUNITY_OFFICER}},
    "venues.incident": {"view": POLICE_ROLES | OPERATOR, "add": OPERATOR},
    "venues.guest": {"view": POLICE_ROLES | OPERATOR, "add": OPERATOR},
    "venues.venuehit": {"view": POLICE_ROLES},
    "venues.inspection": {"view": FIELD_ROLES | LEADER_ROLES, "add": INSPECTORS},
    "venues.inspectiondraw": {"view": POLICE_ROLES, "add": frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER})},
}
