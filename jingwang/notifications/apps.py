from django.apps import AppConfig

from jingwang.core.navigation import declare_navigation
from jingwang.core.roles import declare_permissions
from jingwang.notifications import navigation, permissions


class NotificationsConfig(AppConfig):
    name = "jingwang.notifications"
    label = "notifications"

    def ready(self) -> None:
        declare_permissions(permissions.__name__, permissions.PERMISSIONS)
        declare_navigation(navigation.__name__, navigation.ITEMS)
