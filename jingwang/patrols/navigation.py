"""The main menu's entries that lead into this app (registered from its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [NavItem(_("Patrols"), "patrols:list", group=NavGroup.FIELD_WORK, model="patrols.patrol", order=175)]
