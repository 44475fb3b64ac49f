from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.visits import navigation, permissions


class VisitsConfig(AppConfig):
    name = "jingwang.visits"
    label = "visits"
    verbose_name = _("Home visits (入户走访)")

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.figures.declare import declare_figures
        from jingwang.visits import figures as visits_figures

        declare_figures(visits_figures.FIGURES)  # the dashboards' figures (jingwang.figures)
        from jingwang.visits.related import declare as declare_related

        declare_related()  # its visits on the registry's house and unit pages (jingwang.web.generic register_related)
