"""The main menu's entry into the map (registered from MapsConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import NavGroup, NavItem

ITEMS = [NavItem(_("Map"), "maps:map", group=NavGroup.FIGURES, model="maps.mapcell", order=50)]
