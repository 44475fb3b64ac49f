"""The watch points' menu entries."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(
        _("Watch points"), "watchpoints:list", group=NavGroup.FIELD_WORK, model="watchpoints.watchpoint", order=430
    ),
    NavItem(
        _("Watch point reports"),
        "watchpoints:reports",
        group=NavGroup.FIELD_WORK,
        model="watchpoints.report",
        order=440,
    ),
]
