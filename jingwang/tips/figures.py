"""The residents' tips' figures (registered with jingwang.figures from the AppConfig.ready())."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.figures.declare import Figure, Records, count, ratio

RECORDS = Records("tips:staff-list")

FIGURES = [
    Figure(
        key="tips.received",
        name=_("Tips received"),
        definition=_(
            "Tips and help requests received in the period (public portal or Open311 client), counted on the day "
            "they were received, by source."
        ),
        model="tips.Tip",
        date_field="case__opened_at",
        grid="case__grid",
        category="source",
        measure=count(),
        records=RECORDS,
    ),
    Figure(
        key="tips.solved_rate",
        name=_("Tips solved (%)"),
        definition=_(
            "Of the tips received in the period and closed as solved or not solved (those closed as not a "
            "police matter, routed or still open are left out), the share closed as solved; a tip reopened by the "
            "resident counts only once it is closed again."
        ),
        model="tips.Tip",
        date_field="case__opened_at",
        grid="case__grid",
        category="source",
        measure=ratio(Q(case__state="solved"), Q(case__state__in=("solved", "unsolved"))),
        records=RECORDS,
        higher_is_better=True,
    ),
]
