"""The main menu's entries that lead into this app (registered from its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(_("Home visits"), "visits:list", group=NavGroup.FIELD_WORK, model="visits.visit", order=176),
    NavItem(_("Time in the community"), "visits:figures", group=NavGroup.FIGURES, model="visits.visit", order=400),
]
