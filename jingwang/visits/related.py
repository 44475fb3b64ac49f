"""The home visits to a house or a unit, on the registry's page of that house or unit."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.web.related import Related, register_related


def declare() -> None:
    from jingwang.visits.views import VisitListView

    register_related("registry.house", Related(VisitListView, "house", _("Home visits here"), testid="visits-here"))
    register_related("registry.unit", Related(VisitListView, "unit", _("Home visits here"), testid="visits-here"))
