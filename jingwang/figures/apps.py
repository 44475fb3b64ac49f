from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.figures import navigation, permissions


class FiguresConfig(AppConfig):
    name = "jingwang.figures"
    label = "figures"
    verbose_name = _("Figures, dashboards and reports")

    def ready(self) -> None:
        # The domain apps declare their own figures from their ready() (jingwang.figures.declare).
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
