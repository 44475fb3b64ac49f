"""The main menu's entries that lead into this app (registered from its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(
        _("Report a dispute"),
        "disputes:report",
        group=NavGroup.CASEWORK,
        model="disputes.dispute",
        action="add",
        order=100,
    ),
    NavItem(_("Disputes"), "disputes:ledger", group=NavGroup.CASEWORK, model="disputes.dispute", order=110),
    NavItem(_("Re-screening"), "disputes:screening", group=NavGroup.CHECKS, model="disputes.screeninground", order=120),
]
