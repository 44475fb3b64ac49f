from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.cameras import navigation, permissions
from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions


class CamerasConfig(AppConfig):
    name = "jingwang.cameras"
    label = "cameras"
    verbose_name = _("Cameras")

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.cameras.maplayers import declare as declare_map_layers

        declare_map_layers()  # its layers on the map (jingwang.maps)
        from jingwang.cameras import figures as cameras_figures
        from jingwang.figures.declare import declare_figures

        declare_figures(cameras_figures.FIGURES)  # the dashboards' figures (jingwang.figures)
