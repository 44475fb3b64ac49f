"""Work orders' figures (registered with jingwang.figures from the AppConfig.ready())."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from jingwang.casework.models import CaseEvent
from jingwang.figures.declare import Figure, Records, count, ratio


def _reopened() -> Q:
    return Q(Exists(CaseEvent.objects.filter(case_id=OuterRef("case_id"), to_state="reopened")))


CLOSED = Q(case__closed_at__isnull=False)
ON_TIME = CLOSED & (Q(case__red_at__isnull=True) | Q(case__closed_at__lte=F("case__red_at")))

FIGURES = [
    Figure(
        key="workorders.raised",
        name=_("Work orders raised"),
        definition=_("Work orders raised in the period, counted on the day they were raised."),
        model="workorders.WorkOrder",
        date_field="case__opened_at",
        grid="case__grid",
        measure=count(),
        records=Records("workorders:list"),
    ),
    Figure(
        key="workorders.on_time",
        name=_("Work orders closed on time (%)"),
        definition=_(
            "Of the work orders raised in the period and closed, the share closed before the deadline of "
            "their last stage."
        ),
        model="workorders.WorkOrder",
        date_field="case__opened_at",
        grid="case__grid",
        measure=ratio(ON_TIME, CLOSED),
        records=Records("workorders:list"),
        higher_is_better=True,
    ),
    Figure(
        key="workorders.reopened",
        name=_("Work orders reopened"),
        definition=_("Work orders raised in the period that the raiser has reopened at least once."),
        model="workorders.WorkOrder",
        date_field="case__opened_at",
        grid="case__grid",
        where=_reopened,
        measure=count(),
        records=Records("workorders:list"),
        higher_is_better=False,
    ),
]
