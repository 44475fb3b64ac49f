"""The registry's figures (registered with jingwang.figures from the AppConfig.ready())."""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jingwang.figures.declare import Figure, count, ratio
from jingwang.registry.models.collection import CollectionStatus
from jingwang.registry.models.merges import SuggestionStatus
from jingwang.registry.quality import PERSON_FIELDS

DECIDED = ~Q(status=CollectionStatus.PENDING) & Q(decided_at__isnull=False)


def _complete() -> Q:
    q = Q()
    for condition in PERSON_FIELDS.values():
        q &= condition
    return q


FIGURES = [
    Figure(
        key="registry.collections",
        name=_("Collections submitted"),
        definition=_("Records collected in the field and submitted in the period, by kind."),
        model="registry.Collection",
        date_field="submitted_at",
        category="kind",
        measure=count(),
    ),
    Figure(
        key="registry.verified_on_time",
        name=_("Collections verified on time (%)"),
        definition=_("Of the collections submitted in the period and decided, the share decided by their deadline."),
        model="registry.Collection",
        date_field="submitted_at",
        measure=ratio(DECIDED & Q(decided_at__lte=F("due_at")), DECIDED),
        higher_is_better=True,
    ),
    Figure(
        key="registry.completeness",
        name=_("Person records complete (%)"),
        definition=_(
            "Of the persons registered in the period and still in use, the share with an ID number, a phone, "
            "a birth date and a household address."
        ),
        model="registry.Person",
        date_field="created_at",
        where=Q(is_active=True),
        measure=ratio(_complete),
        higher_is_better=True,
    ),
    Figure(
        key="registry.duplicates_merged",
        name=_("Duplicates merged"),
        definition=_(
            "Pairs of person records found to be one person and merged in the period (by hand or automatically), "
            "counted in the first record's grid."
        ),
        model="registry.MergeSuggestion",
        date_field="updated_at",
        grid="person_a__grid",
        where=Q(status__in=(SuggestionStatus.MERGED, SuggestionStatus.AUTO)),
        category="status",
        measure=count(),
    ),
]
