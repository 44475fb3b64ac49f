from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.workorders import navigation, permissions


class WorkordersConfig(AppConfig):
    name = "jingwang.workorders"
    label = "workorders"
    verbose_name = _("Whistle and report (吹哨报到)")

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.figures.declare import declare_figures
        from jingwang.workorders import (
            casetype,  # noqa: F401 - declares the case type
            figures,
        )

        declare_figures(figures.FIGURES)  # the dashboards' figures (jingwang.figures)
