"""The volunteers' menu entries."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem
from jingwang.core.roles import Role

ITEMS = [
    NavItem(_("Volunteers"), "volunteers:list", group=NavGroup.FIELD_WORK, model="volunteers.volunteer", order=410),
    NavItem(_("Volunteer teams"), "volunteers:teams", group=NavGroup.FIELD_WORK, model="volunteers.team", order=420),
    NavItem(
        _("Become a volunteer"),
        "volunteers:join",
        model="volunteers.volunteer",
        action="apply",
        roles=frozenset({Role.RESIDENT}),
        order=40,
    ),
]
