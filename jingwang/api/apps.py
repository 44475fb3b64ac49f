from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jingwang.api"
    label = "api"
