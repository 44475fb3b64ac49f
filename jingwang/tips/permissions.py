"""Tips are read by the police over the tip's grid (the reporter is known to the police alone:
not to grid workers, mediators or departments, who see only a routed case's text); evaluations by
the field and leaders over the grid they are filed under; categories and Open311 clients are the
system administrator's."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, POLICE_ROLES, Role

R = Role
ADMIN = frozenset({R.SYSTEM_ADMIN})
PERMISSIONS = {
    "tips.category": {"view": FIELD_ROLES | LEADER_ROLES | ADMIN, "change": ADMIN},
    "tips.tip": {"view": POLICE_ROLES},
    "tips.evaluation": {"view": POLICE_ROLES},
    "tips.apiclient": {"view": ADMIN, "add": ADMIN, "change": ADMIN},
}
