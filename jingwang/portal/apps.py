from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "jingwang.portal"
    label = "portal"
    verbose_name = _("Public portal (阳光警务)")
