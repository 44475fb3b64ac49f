from django.apps import AppConfig

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.verification import navigation, permissions


class VerificationConfig(AppConfig):
    name = "jingwang.verification"
    label = "verification"

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.figures.declare import declare_figures
        from jingwang.verification import figures

        declare_figures(figures.FIGURES)  # the dashboards' figures (jingwang.figures)
