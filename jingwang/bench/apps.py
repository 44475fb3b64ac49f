from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "jingwang.bench"
    label = "bench"
