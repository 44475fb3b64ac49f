"""The main menu's entries that lead into this app (registered from its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(_("Key venues"), "venues:list", group=NavGroup.REGISTRY, model="venues.venue", order=300),
    NavItem(
        _("Venue inspections"), "venues:inspections", group=NavGroup.CASEWORK, model="venues.inspection", order=160
    ),
]
