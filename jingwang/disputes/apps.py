from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "jingwang.disputes"
    label = "disputes"
