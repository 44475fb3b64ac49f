from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.disputes import navigation, permissions


class DisputesConfig(AppConfig):
    name = "jingwang.disputes"
    label = "disputes"
    verbose_name = _("Disputes")

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        # The dispute case type is declared to the casework engine once, at start-up.
        from jingwang.disputes import casetypes  # noqa: F401
        from jingwang.disputes.maplayers import declare as declare_map_layers

        declare_map_layers()  # its layers on the map (jingwang.maps)
        from jingwang.disputes import (
            figures,
        )
        from jingwang.figures.declare import declare_figures

        declare_figures(figures.FIGURES)  # the dashboards' figures (jingwang.figures)
