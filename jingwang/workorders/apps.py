from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkordersConfig(AppConfig):
    name = "jingwang.workorders"
    label = "workorders"
    verbose_name = _("Whistle and report (吹哨报到)")

    def ready(self) -> None:
        from jingwang.workorders import casetype  # noqa: F401 - declares the case type
