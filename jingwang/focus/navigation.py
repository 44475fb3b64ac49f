"""The main menu's entries that lead into this app (registered from its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(_("Focus persons (关注人员)"), "focus:list", group=NavGroup.REGISTRY, model="focus.listing", order=320),
    NavItem(_("Follow-ups"), "focus:followups", group=NavGroup.FIELD_WORK, model="focus.followup", order=320),
    NavItem(_("Lost contact"), "focus:lost_list", group=NavGroup.CASEWORK, model="focus.lostcontact", order=330),
    NavItem(_("Follow-up cadence"), "focus:cadences", group=NavGroup.ADMINISTRATION, model="focus.cadence", order=320),
    NavItem(
        _("Care workers' categories"),
        "focus:care",
        group=NavGroup.ADMINISTRATION,
        model="focus.careassignment",
        order=321,
    ),
]
