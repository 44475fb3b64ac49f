from django.apps import AppConfig

from jingwang.core.navigation import declare_navigation
from jingwang.web import navigation


class WebConfig(AppConfig):
    name = "jingwang.web"
    label = "web"

    def ready(self) -> None:
        declare_navigation(navigation.__name__, navigation.ITEMS)
