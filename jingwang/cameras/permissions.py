"""Cameras: the field and the leaders read the registry and its availability; the community
officer and the station leader keep the registry. The video platform's feed is an account holding
the station leader's role (or the bureau commander's) over the area whose cameras it reports:
status events are accepted only for cameras in that account's area."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role

R = Role
PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    "cameras.camera": {
        "view": FIELD_ROLES | LEADER_ROLES,
        "add": frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER}),
        "change": frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER}),
        "export": LEADER_ROLES,
    },
    "cameras.statusevent": {
        "view": FIELD_ROLES | LEADER_ROLES,
        "add": LEADER_ROLES,
    },
    "cameras.cameraday": {
        "view": FIELD_ROLES | LEADER_ROLES,
        "export": LEADER_ROLES,
    },
    "cameras.outage": {"view": FIELD_ROLES | LEADER_ROLES},
    "cameras.availabilitywarning": {"view": FIELD_ROLES | LEADER_ROLES},
}
