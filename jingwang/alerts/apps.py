from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.alerts import navigation, permissions
from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions


class AlertsConfig(AppConfig):
    name = "jingwang.alerts"
    label = "alerts"
    verbose_name = _("Area alerts (定向推送)")

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.alerts import figures as alerts_figures
        from jingwang.figures.declare import declare_figures

        declare_figures(alerts_figures.FIGURES)  # the dashboards' figures (jingwang.figures)
