"""Volunteers: registered and verified by community officers, seen by the field and leaders of the
area; a volunteer sees their own record, activities and team; a resident applies on the portal."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role

R = Role
STAFF = FIELD_ROLES | LEADER_ROLES
OFFICERS = frozenset({R.COMMUNITY_OFFICER}) | LEADER_ROLES

PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {
    "volunteers.team": {"view": STAFF | {R.VOLUNTEER}, "add": OFFICERS, "change": OFFICERS},
    "volunteers.volunteer": {
        "view": STAFF | {R.VOLUNTEER},
        "add": OFFICERS | {R.AUXILIARY_OFFICER},
        "change": OFFICERS,
        "apply": frozenset({R.RESIDENT}),
        "export": LEADER_ROLES,
    },
    "volunteers.activity": {"view": STAFF | {R.VOLUNTEER}, "add": OFFICERS | {R.AUXILIARY_OFFICER}},
}
