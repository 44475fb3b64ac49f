from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "jingwang.disputes"
    label = "disputes"
    verbose_name = _("Disputes")

    def ready(self) -> None:
        # The dispute case type is declared to the casework engine once, at start-up.
        from jingwang.disputes import casetypes  # noqa: F401
