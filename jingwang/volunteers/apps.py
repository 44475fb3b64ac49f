from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.volunteers import navigation, permissions


class VolunteersConfig(AppConfig):
    name = "jingwang.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers (平安志愿者)")

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
