from django.apps import AppConfig

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.registry import navigation, permissions


class RegistryConfig(AppConfig):
    name = "jingwang.registry"
    label = "registry"
    verbose_name = "一标三实 registry"

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        # Home-page figures: the shell (web) knows no domain app; models load only once apps are ready.
        from jingwang.registry import dashboard
        from jingwang.web.dashboards import register_contribution

        register_contribution(dashboard.home_figures)
        from jingwang.figures.declare import declare_figures
        from jingwang.registry import figures

        declare_figures(figures.FIGURES)  # the dashboards' figures (jingwang.figures)
