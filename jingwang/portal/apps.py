from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions


class PortalConfig(AppConfig):
    name = "jingwang.portal"
    label = "portal"
    verbose_name = _("Public portal (阳光警务)")

    def ready(self) -> None:
        from jingwang.portal import casetype, navigation, permissions  # noqa: F401 - registers the case type

        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.figures.declare import declare_figures
        from jingwang.portal import figures as portal_figures

        declare_figures(portal_figures.FIGURES)  # the dashboards' figures (jingwang.figures)
