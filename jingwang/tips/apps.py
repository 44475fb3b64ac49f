from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions


class TipsConfig(AppConfig):
    name = "jingwang.tips"
    label = "tips"
    verbose_name = _("Tips and help requests (线索/求助)")

    def ready(self) -> None:
        from jingwang.tips import navigation, permissions

        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.tips import casetype, routing  # noqa: F401 - the case type and routing targets
        from jingwang.tips.evaluations import Evaluated, register_evaluated
        from jingwang.tips.services import officer_year_subject, tip_subject

        register_evaluated(Evaluated("tips.tip", _("A closed tip"), tip_subject))
        register_evaluated(Evaluated("tips.officer_year", _("The community officer's year"), officer_year_subject))
        from jingwang.figures.declare import declare_figures
        from jingwang.tips import figures as tips_figures

        declare_figures(tips_figures.FIGURES)  # the dashboards' figures (jingwang.figures)
