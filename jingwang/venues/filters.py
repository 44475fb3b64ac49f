"""The venues' FilterSets, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.core.filter_fields import BooleanFilter, IdFilter
from jingwang.venues.casetype import INSPECTION_STATES
from jingwang.venues.models import Grade, Guest, Incident, Inspection, InspectionKind, StaffFiling, Venue, VenueHit


class VenueFilterSet(django_filters.FilterSet):
    trade = django_filters.CharFilter(label=_("Trade"), field_name="trade__code")
    grade = django_filters.ChoiceFilter(label=_("Grade"), choices=Grade.choices)
    licence_expiring = django_filters.DateFilter(
        label=_("Licence ends by"), field_name="licence_valid_until", lookup_expr="lte"
    )
    q = django_filters.CharFilter(label=_("Name"), method="filter_text")

    class Meta:
        model = Venue
        fields = ["trade", "grade", "licence_expiring", "q"]

    def filter_text(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(Q(unit__name__contains=value) | Q(licence_number=value)) if value else qs


class StaffFilterSet(django_filters.FilterSet):
    venue = IdFilter(label=_("Venue"), field_name="venue")
    late = BooleanFilter(label=_("Filed late"), field_name="is_late")
    current = BooleanFilter(label=_("Still employed"), field_name="left_at", lookup_expr="isnull")
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="contains")

    class Meta:
        model = StaffFiling
        fields = ["venue", "late", "current", "q"]


class IncidentFilterSet(django_filters.FilterSet):
    venue = IdFilter(label=_("Venue"), field_name="venue")
    late = BooleanFilter(label=_("Reported late"), field_name="is_late")
    q = django_filters.CharFilter(label=_("Number or title"), method="filter_text")

    class Meta:
        model = Incident
        fields = ["venue", "late", "q"]

    def filter_text(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(Q(case__number__startswith=value) | Q(case__title__contains=value)) if value else qs


class GuestFilterSet(django_filters.FilterSet):
    venue = IdFilter(label=_("Venue"), field_name="venue")
    batch = IdFilter(label=_("Batch"), field_name="batch")
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="contains")

    class Meta:
        model = Guest
        fields = ["venue", "batch", "q"]


class HitFilterSet(django_filters.FilterSet):
    venue = IdFilter(label=_("Venue"), field_name="venue")
    source = django_filters.CharFilter(label=_("Source"), field_name="source")
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="contains")

    class Meta:
        model = VenueHit
        fields = ["venue", "source", "q"]


class InspectionFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), field_name="case__state", choices=list(INSPECTION_STATES.items())
    )
    open = BooleanFilter(label=_("Open"), field_name="case__closed_at", lookup_expr="isnull")
    kind = django_filters.ChoiceFilter(label=_("Reason"), choices=InspectionKind.choices)
    venue = IdFilter(label=_("Venue"), field_name="venue")
    q = django_filters.CharFilter(label=_("Number or title"), method="filter_text")

    class Meta:
        model = Inspection
        fields = ["state", "open", "kind", "venue", "q"]

    def filter_text(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(Q(case__number__startswith=value) | Q(case__title__contains=value)) if value else qs
