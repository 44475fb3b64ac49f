from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "jingwang.registry"
    label = "registry"
    verbose_name = "一标三实 registry"
