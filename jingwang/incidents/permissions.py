"""Incidents (警情): read by the field and the leaders of their area; recorded by imports and the
dispatch system's feed (an account holding a leader's role over the area it feeds)."""

from __future__ import annotations

from jingwang.core.roles import ADMIN_ROLES, FIELD_ROLES, LEADER_ROLES, Role

R = Role
PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    "incidents.incident": {
        "view": FIELD_ROLES | LEADER_ROLES,
        "add": LEADER_ROLES | frozenset({R.COMMUNITY_OFFICER}),
        "export": LEADER_ROLES,
    },
    # The code table is data every reader of incidents needs; the system administrator keeps it.
    "incidents.incidentcategory": {
        "view": FIELD_ROLES | LEADER_ROLES | ADMIN_ROLES,
        "change": frozenset({R.SYSTEM_ADMIN}),
    },
}
