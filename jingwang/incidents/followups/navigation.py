"""The main menu's entries that lead into what follows from incidents."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(_("Return visits"), "followups:visits", group=NavGroup.CASEWORK, model="incident_followups.returnvisit",
            order=170),
    NavItem(_("Incident bulletins"), "followups:bulletins", group=NavGroup.CASEWORK,
            model="incident_followups.bulletin", order=175),
]  # fmt: skip
