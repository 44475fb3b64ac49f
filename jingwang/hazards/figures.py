"""The safety hazards' figures (registered with jingwang.figures from the AppConfig.ready())."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.figures.declare import Figure, Records, count, ratio

RECORDS = Records("hazards:list")
CLOSED = "closed"  # re-checked and closed (the casetype's state); "handed_over" is the other end
HANDED_OVER = "handed_over"


def overdue_q() -> Q:
    """Still being rectified (notified) past the rectification deadline, now."""
    return Q(case__state="notified", rectify_by__lt=timezone.now())


FIGURES = [
    Figure(
        key="hazards.found",
        name=_("Hazards found"),
        definition=_("Safety hazards recorded in the period, counted on the day they were found, by group."),
        model="hazards.Hazard",
        date_field="case__opened_at",
        grid="case__grid",
        category="category__group",
        measure=count(),
        records=RECORDS,
    ),
    Figure(
        key="hazards.removed",
        name=_("Hazards removed"),
        definition=_(
            "Safety hazards rectified and closed after a re-check, counted on the day they were closed "
            "(whenever they were found), by group. Hazards handed over to another department are not counted."
        ),
        model="hazards.Hazard",
        date_field="case__closed_at",
        grid="case__grid",
        where=Q(case__state=CLOSED),
        category="category__group",
        measure=count(),
        records=RECORDS,
        publishable=True,
        higher_is_better=True,
    ),
    Figure(
        key="hazards.removal_rate",
        name=_("Hazards removed (%)"),
        definition=_(
            "Of the safety hazards found in the period, the share rectified and closed after a re-check so far."
        ),
        model="hazards.Hazard",
        date_field="case__opened_at",
        grid="case__grid",
        category="category__group",
        measure=ratio(Q(case__state=CLOSED)),
        records=RECORDS,
        higher_is_better=True,
    ),
    Figure(
        key="hazards.handed_over",
        name=_("Hazards handed over"),
        definition=_(
            "Safety hazards handed over to the fire service, the housing department or the subdistrict in the "
            "period (serious ones by hand, overdue rectifications by the sweep), counted on the day of the hand-over."
        ),
        model="hazards.Hazard",
        date_field="handed_over_at",
        grid="case__grid",
        where=Q(case__state=HANDED_OVER),
        category="category__group",
        measure=count(),
        records=RECORDS,
        higher_is_better=False,
    ),
    Figure(
        key="hazards.overdue",
        name=_("Hazards overdue"),
        definition=_(
            "Safety hazards found in the period that are still being rectified past their deadline today "
            "(not yet handed over by the sweep)."
        ),
        model="hazards.Hazard",
        date_field="case__opened_at",
        grid="case__grid",
        where=overdue_q,
        category="category__group",
        measure=count(),
        records=RECORDS,
        higher_is_better=False,
    ),
]
