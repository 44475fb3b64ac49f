"""The disputes' figures (registered with jingwang.figures from the AppConfig.ready())."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.disputes.models import RESOLVED_OUTCOMES
from jingwang.disputes.selectors import overdue_q
from jingwang.figures.declare import Figure, Records, average_days, count, ratio

RECORDS = Records("disputes:ledger", node="node", date_from="opened_from", date_to="opened_to", category="kind")

FIGURES = [
    Figure(
        key="disputes.reported",
        name=_("Disputes reported"),
        definition=_("Disputes reported in the period, counted on the day they were reported, by type."),
        model="disputes.Dispute",
        date_field="opened_at",
        category="kind",
        measure=count(),
        records=RECORDS,
        publishable=True,
    ),
    Figure(
        key="disputes.resolved_rate",
        name=_("Disputes resolved (%)"),
        definition=_(
            "Of the disputes reported in the period, the share resolved so far with an agreement, a settlement "
            "or a withdrawal."
        ),
        model="disputes.Dispute",
        date_field="opened_at",
        category="kind",
        measure=ratio(Q(outcome__in=RESOLVED_OUTCOMES, resolved_at__isnull=False)),
        records=RECORDS,
        publishable=True,
        higher_is_better=True,
    ),
    Figure(
        key="disputes.days_to_outcome",
        name=_("Days from report to outcome"),
        definition=_("For the disputes reported in the period that have an outcome, the average number of days."),
        model="disputes.Dispute",
        date_field="opened_at",
        category="kind",
        measure=average_days("opened_at", "resolved_at"),
        records=RECORDS,
        higher_is_better=False,
    ),
    Figure(
        key="disputes.overdue",
        name=_("Disputes overdue"),
        definition=_("Disputes reported in the period that are still open past their stage deadline today."),
        model="disputes.Dispute",
        date_field="opened_at",
        where=overdue_q,
        category="kind",
        measure=count(),
        records=Records(
            "disputes:ledger",
            node="node",
            date_from="opened_from",
            date_to="opened_to",
            category="kind",
            extra=(("overdue", "true"),),
        ),
        higher_is_better=False,
    ),
]
