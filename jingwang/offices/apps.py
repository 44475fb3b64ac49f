from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.offices import navigation, permissions


class OfficesConfig(AppConfig):
    name = "jingwang.offices"
    label = "offices"
    verbose_name = _("Police offices (警务室)")

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.offices.maplayers import declare as declare_map_layers

        declare_map_layers()  # its layers on the map (jingwang.maps)
