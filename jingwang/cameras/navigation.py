"""The main menu's entries that lead into this app (registered from its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(_("Cameras"), "cameras:list", group=NavGroup.REGISTRY, model="cameras.camera", order=320),
    NavItem(
        _("Camera availability"), "cameras:availability", group=NavGroup.REGISTRY, model="cameras.cameraday", order=330
    ),
]
