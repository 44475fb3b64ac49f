"""Patrols: the police, grid workers and volunteers over the area; members record the check-ins."""

from __future__ import annotations

from jingwang.core.roles import FIELD_ROLES, LEADER_ROLES, Role

R = Role
PATROLLERS = FIELD_ROLES | {R.VOLUNTEER, R.STATION_LEADER}
PLANNERS = FIELD_ROLES | {R.STATION_LEADER}
PERMISSIONS = {
    "patrols.patrol": {"view": PATROLLERS | LEADER_ROLES, "add": PLANNERS, "change": PLANNERS},
    "patrols.checkin": {"view": PATROLLERS | LEADER_ROLES, "add": PATROLLERS},
    "patrols.raised": {"view": PATROLLERS | LEADER_ROLES, "add": PLANNERS},
}
