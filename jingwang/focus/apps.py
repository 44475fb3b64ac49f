from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions


class FocusConfig(AppConfig):
    name = "jingwang.focus"
    label = "focus"
    verbose_name = _("Focus persons (关注人员)")

    def ready(self) -> None:
        from jingwang.focus import casetype, checks, dashboard, navigation, permissions  # noqa: F401 - registers
        from jingwang.web.dashboards import register_contribution

        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        register_contribution(dashboard.home_figures)
        from jingwang.figures.declare import declare_figures
        from jingwang.focus import figures

        declare_figures(figures.FIGURES)  # the dashboards' figures (jingwang.figures)
