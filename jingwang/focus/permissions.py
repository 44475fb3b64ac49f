"""Focus persons (关注人员). Scope is narrower than territory (models.focus_scope): sensitive
categories only for the community officer, leaders and the care workers of that category; grid
workers only their assigned persons' follow-ups and searches, never the listing (its category).
Mediators and department staff: nothing."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role

R = Role
LEDGER_READERS = frozenset({R.COMMUNITY_OFFICER, R.AUXILIARY_OFFICER, R.POLICE_ASSISTANT, R.CARE_WORKER}) | LEADER_ROLES
RECORDERS = frozenset({R.COMMUNITY_OFFICER, R.AUXILIARY_OFFICER})
PERMISSIONS = {
    "focus.category": {
        "view": LEDGER_READERS | {R.SYSTEM_ADMIN},
        "change": frozenset({R.SYSTEM_ADMIN}),
    },
    # Follow-up cadence per category and tier: a setting the system administrator keeps.
    "focus.cadence": {
        "view": LEDGER_READERS | {R.SYSTEM_ADMIN},
        "change": frozenset({R.SYSTEM_ADMIN}),
    },
    # Which category a care worker cares for: given with the role by the security administrator.
    "focus.careassignment": {
        "view": frozenset({R.SECURITY_ADMIN}),
        "add": frozenset({R.SECURITY_ADMIN}),
        "delete": frozenset({R.SECURITY_ADMIN}),
    },
    "focus.listing": {
        "view": LEDGER_READERS,
        "add": frozenset({R.COMMUNITY_OFFICER}),
        "change": frozenset({R.COMMUNITY_OFFICER, R.STATION_LEADER}),
        "approve": frozenset({R.STATION_LEADER}),
        "export": LEADER_ROLES,
    },
    "focus.followup": {
        "view": FIELD_ROLES | LEADER_ROLES | {R.CARE_WORKER},
        "change": RECORDERS,
        "sign": frozenset({R.CARE_WORKER}),
    },
    "focus.lostcontact": {
        "view": FIELD_ROLES | LEADER_ROLES | {R.CARE_WORKER},
        "add": FIELD_ROLES | {R.CARE_WORKER},
    },
}
