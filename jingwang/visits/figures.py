"""The home visits' figures (registered with jingwang.figures from the AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.figures.declare import Figure, Records, count

FIGURES = [
    Figure(
        key="visits.home_visits",
        name=_("Home visits"),
        definition=_(
            "Home visits recorded by officers and grid workers, counted on the day of the visit (not the day "
            "it was recorded), by purpose."
        ),
        model="visits.Visit",
        date_field="visited_at",
        grid="grid",
        category="purpose",
        measure=count(),
        records=Records("visits:list"),
        publishable=True,
        higher_is_better=True,
    ),
]
