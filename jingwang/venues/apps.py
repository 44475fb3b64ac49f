from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.venues import navigation, permissions


class VenuesConfig(AppConfig):
    name = "jingwang.venues"
    label = "venues"
    verbose_name = _("Key trades and venues (重点行业场所)")

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.venues import casetype  # noqa: F401 - declares the case types
        from jingwang.venues.maplayers import declare as declare_map_layers

        declare_map_layers()  # its layers on the map (jingwang.maps)
        from jingwang.figures.declare import declare_figures
        from jingwang.venues import (
            figures,
        )

        declare_figures(figures.FIGURES)  # the dashboards' figures (jingwang.figures)
