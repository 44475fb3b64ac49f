"""The main menu's entries that lead into what follows from incidents."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem
from jingwang.core.roles import STAFF_ROLES, Role
from jingwang.incidents.followups.permissions import FIGURE_ROLES

ITEMS = [
    NavItem(_("Return visits"), "incident_followups:visits", group=NavGroup.CASEWORK,
            model="incident_followups.returnvisit", order=170),
    NavItem(_("Incident bulletins"), "incident_followups:bulletins", group=NavGroup.CASEWORK,
            model="incident_followups.bulletin", roles=STAFF_ROLES, order=175),
    # Residents and volunteers read their community's published bulletins beside "my officer".
    NavItem(_("Incident bulletins"), "incident_followups:community_bulletins",
            model="incident_followups.bulletin", roles=frozenset({Role.RESIDENT, Role.VOLUNTEER}), order=215),
    # Counts of incidents, for the police and their leaders (the page checks the same roles).
    NavItem(_("Incident figures"), "incident_followups:figures", group=NavGroup.FIGURES,
            model="incident_followups.returnvisit", roles=FIGURE_ROLES, order=120),
]  # fmt: skip
