"""The hazards at a house or a unit, on the registry's page of that house or unit."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.web.related import Related, register_related


def declare() -> None:
    from jingwang.hazards.views import HazardListView

    register_related("registry.house", Related(HazardListView, "house", _("Hazards here"), testid="hazards-here"))
    register_related("registry.unit", Related(HazardListView, "unit", _("Hazards here"), testid="hazards-here"))
