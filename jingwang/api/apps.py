from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jingwang.api"
    label = "api"

    def ready(self) -> None:
        from jingwang.api import schema  # noqa: F401  (registers the OpenAPI authentication extensions)
