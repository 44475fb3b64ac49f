"""Watch points: kept by community officers, seen by the field and leaders of the area and by their
keepers (their own only), who report from them."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role

R = Role
OFFICERS = frozenset({R.COMMUNITY_OFFICER}) | LEADER_ROLES

PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    "watchpoints.watchpoint": {
        "view": FIELD_ROLES | LEADER_ROLES | {R.WATCH_POINT_KEEPER},
        "add": OFFICERS,
        "change": OFFICERS,
        "export": LEADER_ROLES,
    },
    "watchpoints.report": {
        "view": FIELD_ROLES | LEADER_ROLES | {R.WATCH_POINT_KEEPER},
        "add": frozenset({R.WATCH_POINT_KEEPER}),
        "change": OFFICERS,
    },
}
