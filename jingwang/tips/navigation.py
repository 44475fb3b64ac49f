"""The main menu's entries that lead into this app (registered from its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(_("Residents' tips"), "tips:staff-list", group=NavGroup.CASEWORK, model="tips.tip", order=170),
    NavItem(
        _("Residents' evaluations"), "tips:evaluations", group=NavGroup.FIGURES, model="tips.evaluation", order=400
    ),
    NavItem(_("Open311 clients"), "tips:clients", group=NavGroup.ADMINISTRATION, model="tips.apiclient", order=400),
]
