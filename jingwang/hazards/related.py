"""The hazards at a house or a unit, on the registry's page of that house or unit."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jingwang.web.generic import Related, register_related


def _at(place: str) -> Any:
    def rows(hazards: Any, record: Any) -> Any:
        return (
            hazards.filter(**{place: record})
            .select_related("case__grid", "category")
            .order_by("-case__opened_at", "-pk")
        )

    return rows


def declare() -> None:
    from jingwang.hazards.models import Hazard
    from jingwang.hazards.views import HazardListView

    for place in ("house", "unit"):
        register_related(
            f"registry.{place}",
            Related(
                _("Hazards here"),
                Hazard,
                _at(place),
                HazardListView.columns,
                empty=HazardListView.empty_message,
                testid="hazards-here",
                limit=10,
                more=("hazards:list", place),
            ),
        )
