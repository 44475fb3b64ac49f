from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "jingwang.worker"
    label = "worker"
    verbose_name = _("Background worker")

    def ready(self) -> None:
        # Built-in periodic housekeeping registers itself here.
        from jingwang.worker import housekeeping  # noqa: F401
