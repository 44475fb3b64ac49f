"""The main menu: the entries every app registered (jingwang.core.navigation), grouped by domain,
each shown when the user may use what it leads to; and the shell's own entries."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import grants, has_permission
from jingwang.core.navigation import NAV_ITEMS, NavGroup, NavItem
from jingwang.core.roles import STAFF_ROLES, Role
from jingwang.core.types import Viewer

ITEMS = [
    NavItem(_("Home"), "web:home", order=0),
    NavItem(_("My community officer"), "web:my-officer", roles=frozenset({Role.RESIDENT, Role.VOLUNTEER}), order=210),
    NavItem(
        _("API"),
        "api-docs",
        group=NavGroup.ADMINISTRATION,
        roles=STAFF_ROLES,  # as the schema's permission (accounts.api.permissions.SchemaReader)
        order=220,
    ),
]


def _entry(item: NavItem) -> dict[str, Any]:
    return {"label": item.label, "url": reverse(item.url_name), "name": item.url_name}


def _usable(user: Viewer) -> list[NavItem]:
    held = {g.role for g in grants(user)}
    usable = []
    for item in sorted(NAV_ITEMS, key=lambda i: i.order):
        if item.model and not has_permission(user, item.model, item.action):
            continue
        if item.roles is not None and not (held & item.roles):
            continue
        usable.append(item)
    return usable


def menu_for(user: Viewer) -> list[dict[str, Any]]:
    """Every entry the user may use, in menu order (top-level first, then group by group)."""
    menu = menu_groups_for(user)
    return [*menu["top"], *(entry for group in menu["groups"] for entry in group["items"])]


def menu_groups_for(user: Viewer) -> dict[str, Any]:
    """Top-level entries (home, inbox) and the non-empty groups, in NavGroup order."""
    usable = _usable(user)
    groups = []
    for group in NavGroup:
        items = [_entry(i) for i in usable if i.group == group]
        if items:
            names = {e["name"] for e in items}
            groups.append({"key": group.value, "label": group.label, "items": items, "names": names})
    return {"top": [_entry(i) for i in usable if i.group is None], "groups": groups}
