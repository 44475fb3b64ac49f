from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jingwang.web"
    label = "web"
