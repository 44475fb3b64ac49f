"""Incidents' figures (registered with jingwang.figures from the AppConfig.ready()). The monthly
tally (tallies.py) stays: it feeds the follow-up page; this figure counts the raw incidents."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.figures.declare import Figure, count


def _category_names() -> dict[str, str]:
    from jingwang.incidents.models import IncidentCategory

    return {str(pk): name for pk, name in IncidentCategory.objects.values_list("pk", "name")}


FIGURES = [
    Figure(
        key="incidents.count",
        name=_("Incidents"),
        definition=_("Incidents that occurred in the period, by category, counted on the day they occurred."),
        model="incidents.Incident",
        date_field="occurred_at",
        category="category_id",
        category_labels=_category_names,
        measure=count(),
        publishable=True,
        higher_is_better=False,
    ),
]
