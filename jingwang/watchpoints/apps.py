from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.watchpoints import navigation, permissions


class WatchpointsConfig(AppConfig):
    name = "jingwang.watchpoints"
    label = "watchpoints"
    verbose_name = _("Watch points (平安守望点)")

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.watchpoints.maplayers import declare as declare_map_layers

        declare_map_layers()  # its layers on the map (jingwang.maps)
