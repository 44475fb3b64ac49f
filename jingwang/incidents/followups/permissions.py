"""Who may do what with the records that follow from incidents (scope is decided by territory)."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role

R = Role
POLICE = frozenset({R.COMMUNITY_OFFICER, R.AUXILIARY_OFFICER})
PERMISSIONS = {
    "incident_followups.incidentcase": {
        "view": FIELD_ROLES | LEADER_ROLES,
        "add": POLICE | LEADER_ROLES,
    },
    "incident_followups.returnvisit": {
        "view": FIELD_ROLES | LEADER_ROLES,
    },
    "incident_followups.bulletin": {
        "view": FIELD_ROLES | LEADER_ROLES | {R.VOLUNTEER, R.RESIDENT},
        "add": POLICE | LEADER_ROLES,
        "change": POLICE | LEADER_ROLES,
    },
}
# The incident figures: counts only, for the police and their leaders.
FIGURE_ROLES = POLICE | LEADER_ROLES
