from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "jingwang.casework"
    label = "casework"
