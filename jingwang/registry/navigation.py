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
    NavItem(_("Standard addresses"), "registry:addresses", group=NavGroup.REGISTRY, model="registry.address", order=52),
    NavItem(_("Houses"), "registry:houses", group=NavGroup.REGISTRY, model="registry.house", order=54),
    NavItem(_("Units"), "registry:units", group=NavGroup.REGISTRY, model="registry.unit", order=56),
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
