"""The menu's entries into the figures (registered from the AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(_("Dashboard"), "figures:dashboard", group=NavGroup.FIGURES, model="figures.figuremonthly", order=10),
    NavItem(_("Monthly reports"), "figures:reports", group=NavGroup.FIGURES, model="figures.monthlyreport", order=20),
    NavItem(_("Published figures"), "figures:publish", group=NavGroup.FIGURES, model="figures.publication", order=30),
    NavItem(_("Platform health"), "figures:health", group=NavGroup.FIGURES, model="figures.jobqueue", order=40),
]
