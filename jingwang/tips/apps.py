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
        from jingwang.tips.services import appointment_subject, officer_year_subject, tip_subject

        register_evaluated(Evaluated("tips.tip", _("A closed tip"), tip_subject))
        register_evaluated(Evaluated("tips.officer_year", _("The community officer's year"), officer_year_subject))
        # A visit booked on the portal: rated on the portal's appointments page, which learns from
        # here which visits are rated and where they are rated (the portal is a layer below).
        from jingwang.portal.appointments import declare_rating
        from jingwang.tips.selectors import APPOINTMENT, evaluated_ids

        register_evaluated(Evaluated(APPOINTMENT, _("An appointment at the police office"), appointment_subject))
        declare_rating(
            rated=lambda resident, ids: evaluated_ids(resident, APPOINTMENT, ids),
            url_name="tips_portal:appointment-rate",
        )
        from jingwang.figures.declare import declare_figures
        from jingwang.tips import figures as tips_figures

        declare_figures(tips_figures.FIGURES)  # the dashboards' figures (jingwang.figures)
