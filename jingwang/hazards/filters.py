"""The hazards' FilterSet, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.core.filter_fields import BooleanFilter, IdFilter
from jingwang.hazards.casetype import STATES
from jingwang.hazards.models import Hazard


class HazardFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), field_name="case__state", choices=list(STATES.items()))
    open = BooleanFilter(label=_("Open"), field_name="case__closed_at", lookup_expr="isnull")
    category = django_filters.CharFilter(label=_("Category"), field_name="category__code")
    house = IdFilter(label=_("House"), field_name="house")
    unit = IdFilter(label=_("Unit"), field_name="unit")
    q = django_filters.CharFilter(label=_("Number or title"), method="filter_text")

    class Meta:
        model = Hazard
        fields = ["state", "open", "category", "house", "unit", "q"]

    def filter_text(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(Q(case__number__startswith=value) | Q(case__title__contains=value)) if value else qs
