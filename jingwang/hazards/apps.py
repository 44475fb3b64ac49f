from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.hazards import navigation, permissions


class HazardsConfig(AppConfig):
    name = "jingwang.hazards"
    label = "hazards"
    verbose_name = _("Safety hazards (安全隐患)")

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.hazards.maplayers import declare as declare_map_layers

        declare_map_layers()  # its layers on the map (jingwang.maps)
        from jingwang.figures.declare import declare_figures
        from jingwang.hazards import casetype, jobs  # noqa: F401 - declares the case type and the sweep
        from jingwang.hazards import figures as hazards_figures

        declare_figures(hazards_figures.FIGURES)  # the dashboards' figures (jingwang.figures)
        from jingwang.hazards.related import declare as declare_related

        declare_related()  # its hazards on the registry's house and unit pages (jingwang.web.generic register_related)
