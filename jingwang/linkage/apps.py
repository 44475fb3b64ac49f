from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "jingwang.linkage"
    label = "linkage"
