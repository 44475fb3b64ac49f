"""Key venues' figures (registered with jingwang.figures from the AppConfig.ready())."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.figures.declare import Figure, Records, count, ratio

FIGURES = [
    Figure(
        key="venues.inspections",
        name=_("Venue inspections"),
        definition=_("Inspections of key venues opened in the period, by reason."),
        model="venues.Inspection",
        date_field="case__opened_at",
        grid="case__grid",
        category="kind",
        measure=count(),
        records=Records("venues:inspections"),
    ),
    Figure(
        key="venues.hazards_found",
        name=_("Inspections finding a serious hazard (%)"),
        definition=_("Of the inspections opened in the period, the share that recorded a serious hazard."),
        model="venues.Inspection",
        date_field="case__opened_at",
        grid="case__grid",
        measure=ratio(~Q(hazard="")),
        records=Records("venues:inspections"),
    ),
]
