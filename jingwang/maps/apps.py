from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.maps import navigation, permissions


class MapsConfig(AppConfig):
    name = "jingwang.maps"
    label = "maps"
    verbose_name = _("Map")

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.maps import builtin, jobs  # noqa: F401 - the registry's and territory's layers, the rebuild job

        builtin.declare()
