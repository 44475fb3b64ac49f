"""The main menu's entries that lead into this app (registered from its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(
        _("Check a person"),
        "verification:check",
        group=NavGroup.CHECKS,
        model="verification.verificationcheck",
        action="add",
        order=60,
    ),
    NavItem(_("Watch lists"), "verification:lists", group=NavGroup.CHECKS, model="verification.watchlist", order=70),
]
