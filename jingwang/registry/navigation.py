"""The main menu's entries that lead into this app (registered from its AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [
    NavItem(
        _("Collect"), "registry:collect", group=NavGroup.COLLECTION, model="registry.collection", action="add", order=30
    ),
    NavItem(
        _("Verification queue"),
        "registry:queue",
        group=NavGroup.COLLECTION,
        model="registry.collection",
        action="verify",
        order=40,
    ),
    NavItem(_("Residents"), "registry:persons", group=NavGroup.REGISTRY, model="registry.person", order=50),
    NavItem(
        _("Possible duplicates"),
        "registry:merge-suggestions",
        group=NavGroup.REGISTRY,
        model="registry.mergesuggestion",
        order=80,
    ),
    NavItem(_("Data quality"), "registry:quality", group=NavGroup.FIGURES, model="registry.person", order=90),
    NavItem(
        _("Import"), "registry:import", group=NavGroup.COLLECTION, model="registry.person", action="add", order=130
    ),
]
