"""The visits' FilterSet, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.core.filter_fields import IdFilter
from jingwang.visits.models import Purpose, Visit


class VisitFilterSet(django_filters.FilterSet):
    purpose = django_filters.ChoiceFilter(label=_("Purpose"), choices=Purpose.choices)
    officer = IdFilter(label=_("Visited by"), field_name="officer")
    house = IdFilter(label=_("House"), field_name="house")
    unit = IdFilter(label=_("Unit"), field_name="unit")
    since = django_filters.DateFilter(label=_("From"), field_name="visited_at", lookup_expr="date__gte")
    q = django_filters.CharFilter(label=_("Place or what was learnt"), method="filter_text")

    class Meta:
        model = Visit
        fields = ["purpose", "officer", "house", "unit", "since", "q"]

    def filter_text(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(unit__name__contains=value)
            | Q(address__canonical__contains=value)
            | Q(house__address__canonical__contains=value)
            | Q(learnt__contains=value)
        )
