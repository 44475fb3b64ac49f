"""The main menu's entries that lead into this app (registered from its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(
        _("1+X+N roster"), "accounts:roster-index", group=NavGroup.FIELD_WORK, model="accounts.rostermember", order=180
    ),
    NavItem(_("Accounts"), "accounts:user-list", group=NavGroup.ADMINISTRATION, model="accounts.user", order=190),
]
