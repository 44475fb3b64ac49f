"""The home visits to a house or a unit, on the registry's page of that house or unit."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jingwang.web.generic import Related, register_related


def _to(place: str) -> Any:
    def rows(visits: Any, record: Any) -> Any:
        return (
            visits.filter(**{place: record})
            .select_related("officer", "grid", "unit", "house__address", "address")
            .order_by("-visited_at", "-pk")
        )

    return rows


def declare() -> None:
    from jingwang.visits.models import Visit
    from jingwang.visits.views import VisitListView

    for place in ("house", "unit"):
        register_related(
            f"registry.{place}",
            Related(
                _("Home visits here"),
                Visit,
                _to(place),
                VisitListView.columns,
                empty=VisitListView.empty_message,
                testid="visits-here",
                limit=10,
                more=("visits:list", place),
            ),
        )
