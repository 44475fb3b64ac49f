"""The anti-fraud warnings' figures (registered with jingwang.figures from the AppConfig.ready()).
They follow the definitions of the app's own figures page (selectors.figures)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.antifraud.models import SUCCESS, Outcome
from jingwang.figures.declare import Figure, Records, count, ratio

RECORDS = Records("antifraud:list", date_from="received_from", date_to="received_to")
# Closed with an outcome that says what happened to the person (未接通 counts: the person was not
# reached; 非本辖区 does not: the warning was not ours to dissuade).
CLOSED = Q(outcome__gt="") & ~Q(outcome=Outcome.OUT_OF_AREA)

FIGURES = [
    Figure(
        key="antifraud.warnings",
        name=_("Fraud warnings received"),
        definition=_("Anti-fraud warnings received in the period, counted on the day they were received, by risk."),
        model="antifraud.Warning",
        date_field="received_at",
        grid="area",
        category="risk",
        measure=count(),
        records=RECORDS,
    ),
    Figure(
        key="antifraud.face_to_face_rate",
        name=_("Warnings met face to face (%)"),
        definition=_(
            "Of the anti-fraud warnings received in the period, the share where an officer met the person "
            "face to face (so far)."
        ),
        model="antifraud.Warning",
        date_field="received_at",
        grid="area",
        category="risk",
        measure=ratio(Q(visited_at__isnull=False)),
        records=RECORDS,
        higher_is_better=True,
    ),
    Figure(
        key="antifraud.dissuaded_rate",
        name=_("Warnings dissuaded (%)"),
        definition=_(
            "Of the anti-fraud warnings received in the period and closed with an outcome (not counting "
            "非本辖区), the share dissuaded: 及时劝阻, 本人自主防范, 联系亲友 or 上门处置."
        ),
        model="antifraud.Warning",
        date_field="received_at",
        grid="area",
        category="risk",
        measure=ratio(Q(outcome__in=SUCCESS), CLOSED),
        records=RECORDS,
        higher_is_better=True,
    ),
    Figure(
        key="antifraud.defrauded",
        name=_("Defrauded after a warning"),
        definition=_(
            "Anti-fraud warnings received in the period whose person was defrauded all the same (outcome 已被骗)."
        ),
        model="antifraud.Warning",
        date_field="received_at",
        grid="area",
        where=Q(outcome=Outcome.DEFRAUDED),
        category="risk",
        measure=count(),
        records=RECORDS,
        higher_is_better=False,
    ),
]
