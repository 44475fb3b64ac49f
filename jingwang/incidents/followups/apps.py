from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.incidents.followups import navigation, permissions


class IncidentFollowupsConfig(AppConfig):
    """Non-police calls to cases, return visits and bulletins: what follows from incidents."""

    name = "jingwang.incidents.followups"
    label = "incident_followups"
    verbose_name = _("What follows from incidents")

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
        from jingwang.incidents.followups import casetype  # noqa: F401 - declares the case type
