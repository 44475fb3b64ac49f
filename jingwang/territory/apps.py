from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "jingwang.territory"
    label = "territory"
