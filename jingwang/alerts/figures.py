"""The area alerts' figures (registered with jingwang.figures from the AppConfig.ready())."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.figures.declare import Figure, Records, count, ratio

RECORDS = Records("alerts:list")

FIGURES = [
    Figure(
        key="alerts.sent",
        name=_("Alerts sent"),
        definition=_(
            "Area alerts sent in the period, counted on the day they were sent, on the station or police "
            "district they were sent from, by kind."
        ),
        model="alerts.Alert",
        date_field="created_at",
        grid="origin",
        category="kind",
        measure=count(),
        records=RECORDS,
    ),
    Figure(
        key="alerts.acknowledged_rate",
        name=_("Alerts acknowledged (%)"),
        definition=_(
            "Of the alert deliveries made in the period (one per recipient and alert), the share the recipient "
            "has acknowledged so far, on the station or police district the alert was sent from, by audience."
        ),
        model="alerts.Delivery",
        date_field="delivered_at",
        grid="alert__origin",
        category="audience",
        measure=ratio(Q(acknowledged_at__isnull=False)),
        records=RECORDS,
        higher_is_better=True,
    ),
]
