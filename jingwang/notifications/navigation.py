"""The main menu's entries that lead into this app (registered from its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavItem

ITEMS = [
    NavItem(_("Inbox"), "notifications:inbox", model="notifications.notification", order=10),
]
