"""On-the-spot checks' figures (registered with jingwang.figures from the AppConfig.ready())."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.figures.declare import Figure, count

FIGURES = [
    Figure(
        key="verification.checks",
        name=_("On-the-spot checks"),
        definition=_("Checks made in the period, by outcome, counted in the checker's area."),
        model="verification.VerificationCheck",
        date_field="checked_at",
        grid="node",
        category="outcome",
        measure=count(),
    ),
    Figure(
        key="verification.hits",
        name=_("Watch-list hits"),
        definition=_("Checks made in the period that hit a watch list, counted in the checker's area."),
        model="verification.VerificationCheck",
        date_field="checked_at",
        grid="node",
        where=Q(hit_count__gt=0),
        measure=count(),
    ),
]
