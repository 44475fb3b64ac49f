from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "jingwang.notifications"
    label = "notifications"
