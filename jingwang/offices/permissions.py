"""Police offices (警务室): the field and the leaders read them; the officer of the police district
and the station leader keep them. Residents find them through the public portal, not through this."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role

R = Role
PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    "offices.policeoffice": {
        "view": FIELD_ROLES | LEADER_ROLES,
        "add": frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER}),
        "change": frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER}),
        "export": LEADER_ROLES,
    },
}
