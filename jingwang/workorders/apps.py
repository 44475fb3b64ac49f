from django.apps import AppConfig


class WorkordersConfig(AppConfig):
    name = "jingwang.workorders"
    label = "workorders"
