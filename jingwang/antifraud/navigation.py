"""The main menu's entries that lead into this app (registered from its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(_("Fraud warnings"), "antifraud:list", group=NavGroup.CASEWORK, model="antifraud.warning", order=170),
    NavItem(
        _("Fraud dissuasion figures"),
        "antifraud:figures",
        group=NavGroup.FIGURES,
        model="antifraud.warning",
        action="figures",
        order=171,
    ),
]
