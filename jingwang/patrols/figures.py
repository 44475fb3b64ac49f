"""The patrols' figures (registered with jingwang.figures from the AppConfig.ready())."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.figures.declare import Figure, Records, count
from jingwang.patrols.models import Status

FIGURES = [
    Figure(
        key="patrols.done",
        name=_("Patrols done"),
        definition=_(
            "Patrols finished in the period, counted on the day they ended, planned or ad hoc, on the area "
            "patrolled (a grid or a police district)."
        ),
        model="patrols.Patrol",
        date_field="ended_at",
        grid="area",
        where=Q(status=Status.DONE),
        category="kind",
        measure=count(),
        records=Records("patrols:list"),
        higher_is_better=True,
    ),
    Figure(
        key="patrols.checkins",
        name=_("Patrol check-ins made"),
        definition=_("Check-ins made on patrols in the period, on the area of their patrol."),
        model="patrols.CheckIn",
        date_field="at",
        grid="patrol__area",
        measure=count(),
        records=Records("patrols:list"),
        higher_is_better=True,
    ),
]
