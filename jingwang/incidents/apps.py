from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.incidents import navigation, permissions


class IncidentsConfig(AppConfig):
    name = "jingwang.incidents"
    label = "incidents"
    verbose_name = _("Incidents (警情)")

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.incidents.imports import command_import
        from jingwang.registry.imports.kinds import declare_file_import

        declare_file_import("incidents", command_import)  # `jingwang import incidents FILE`
        from jingwang.incidents.maplayers import declare as declare_map_layers

        declare_map_layers()  # its layers on the map (jingwang.maps)
        from jingwang.figures.declare import declare_figures
        from jingwang.incidents import figures

        declare_figures(figures.FIGURES)  # the dashboards' figures (jingwang.figures)
