from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.patrols import navigation, permissions


class PatrolsConfig(AppConfig):
    name = "jingwang.patrols"
    label = "patrols"
    verbose_name = _("Patrols (巡逻)")

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.patrols.maplayers import declare as declare_map_layers

        declare_map_layers()  # its layers on the map (jingwang.maps)
        from jingwang.figures.declare import declare_figures
        from jingwang.patrols import figures as patrols_figures

        declare_figures(patrols_figures.FIGURES)  # the dashboards' figures (jingwang.figures)
