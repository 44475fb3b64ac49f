"""The main menu's entries that lead into this app (registered from its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(_("Cases"), "casework:list", group=NavGroup.CASEWORK, model="casework.case", order=140),
    NavItem(
        _("Departments"),
        "casework:departments",
        group=NavGroup.ADMINISTRATION,
        model="casework.department",
        action="change",
        order=160,
    ),
    NavItem(
        _("Deadline policies"),
        "casework:policies",
        group=NavGroup.ADMINISTRATION,
        model="casework.deadlinepolicy",
        action="change",
        order=170,
    ),
]
