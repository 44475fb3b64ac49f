"""Figures: the police see the figures of their territory (each figure also needs the view
permission on the records it counts); leaders order monthly reports and choose what is published;
the system administrator sees the platform's health."""

from __future__ import annotations

from jingwang.core.roles import LEADER_ROLES, Role

R = Role
VIEWERS = LEADER_ROLES | {R.COMMUNITY_OFFICER}
PERMISSIONS = {
    "figures.figuredaily": {"view": VIEWERS},
    "figures.figuremonthly": {"view": VIEWERS},
    "figures.monthlyreport": {"view": VIEWERS, "add": VIEWERS},
    "figures.publication": {"view": LEADER_ROLES, "change": LEADER_ROLES},
    "figures.jobqueue": {"view": frozenset({R.SYSTEM_ADMIN})},
}
