"""The alerts' menu entries."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(_("My alerts"), "alerts:mine", model="alerts.delivery", order=30),
    NavItem(_("Area alerts"), "alerts:list", group=NavGroup.FIELD_WORK, model="alerts.alert", order=400),
]
