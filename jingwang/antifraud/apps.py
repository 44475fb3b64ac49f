from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions


class AntifraudConfig(AppConfig):
    name = "jingwang.antifraud"
    label = "antifraud"
    verbose_name = _("Anti-fraud warning and dissuasion (预警劝阻)")

    def ready(self) -> None:
        from jingwang.antifraud import navigation, permissions

        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.antifraud import casetype, imports  # noqa: F401 - the case type and the file import
        from jingwang.antifraud import figures as antifraud_figures
        from jingwang.figures.declare import declare_figures

        declare_figures(antifraud_figures.FIGURES)  # the dashboards' figures (jingwang.figures)
