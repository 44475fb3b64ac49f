"""The home visits to a house or a unit, on the registry's page of that house or unit."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.web.generic import Related, register_related


def declare() -> None:
    from jingwang.visits.views import VisitListView

    for place in ("house", "unit"):
        label = _("Home visits here")
        register_related(f"registry.{place}", Related.of_list(VisitListView, place, label, testid="visits-here"))
