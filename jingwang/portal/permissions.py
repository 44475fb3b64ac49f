"""The portal's records as staff see them: the officer of the police district and the station
leader keep the office's services and time slots and read the day's appointments; the field
reads them. Residents reach their own through the portal's pages only (portal.access)."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role

R = Role
KEEPERS = frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER})
PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    "portal.service": {"view": FIELD_ROLES | LEADER_ROLES, "add": KEEPERS, "change": KEEPERS},
    "portal.slot": {"view": FIELD_ROLES | LEADER_ROLES, "add": KEEPERS, "change": KEEPERS},
    "portal.booking": {"view": FIELD_ROLES | LEADER_ROLES, "change": KEEPERS},
    "portal.correctionrequest": {"view": FIELD_ROLES | LEADER_ROLES},
}
