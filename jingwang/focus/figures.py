"""Focus persons' figures (registered with jingwang.figures from the AppConfig.ready())."""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jingwang.figures.declare import Figure, count, ratio

FIGURES = [
    Figure(
        key="focus.followups_on_time",
        name=_("Follow-ups done on time (%)"),
        definition=_("Of the follow-ups due in the period, the share the officer signed by the due date."),
        model="focus.Followup",
        date_field="due_date",
        grid="listing__grid",
        measure=ratio(Q(officer_signed_at__isnull=False, officer_signed_at__date__lte=F("due_date"))),
        higher_is_better=True,
    ),
    Figure(
        key="focus.lost_contact",
        name=_("Focus persons out of contact"),
        definition=_("Reports that a focus person is out of contact (lost or absconded), counted on the day reported."),
        model="focus.LostContact",
        date_field="reported_at",
        grid="listing__grid",
        measure=count(),
        higher_is_better=False,
    ),
]
