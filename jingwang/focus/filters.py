"""The focus ledger's FilterSets, shared by the pages and the API. No filter names a category's
details in a way a grid worker could use: follow-ups and searches filter by state and date only."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from jingwang.core.filter_fields import BooleanFilter, IdFilter
from jingwang.focus.models import Followup, Listing, ListingState, LostContact


class ListingFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=ListingState.choices)
    category = IdFilter(label=_("Category"), field_name="category")
    q = django_filters.CharFilter(label=_("Name"), method="filter_text")

    class Meta:
        model = Listing
        fields = ["state", "category", "q"]

    def filter_text(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(person__name__contains=value) if value else qs


class FollowupFilterSet(django_filters.FilterSet):
    open = BooleanFilter(label=_("Open"), field_name="is_open")
    due_before = django_filters.DateFilter(label=_("Due by"), field_name="due_date", lookup_expr="lte")
    q = django_filters.CharFilter(label=_("Name"), method="filter_text")

    class Meta:
        model = Followup
        fields = ["open", "due_before", "q"]

    def filter_text(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(listing__person__name__contains=value) if value else qs


class LostContactFilterSet(django_filters.FilterSet):
    open = BooleanFilter(label=_("Open"), field_name="case__closed_at", lookup_expr="isnull")
    q = django_filters.CharFilter(label=_("Name"), method="filter_text")

    class Meta:
        model = LostContact
        fields = ["open", "q"]

    def filter_text(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(listing__person__name__contains=value) if value else qs
