"""The main menu's entries that lead into this app (registered from its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(_("Work orders"), "workorders:list", group=NavGroup.CASEWORK, model="workorders.workorder", order=150),
]
