"""The hazards at a house or a unit, on the registry's page of that house or unit."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.web.generic import Related, register_related


def declare() -> None:
    from jingwang.hazards.views import HazardListView

    for place in ("house", "unit"):
        register_related(
            f"registry.{place}", Related.of_list(HazardListView, place, _("Hazards here"), testid="hazards-here")
        )
