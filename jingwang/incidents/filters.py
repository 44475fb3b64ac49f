"""The incidents' FilterSet, shared by the list page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import under_any
from jingwang.core.filter_fields import BooleanFilter
from jingwang.incidents.models import CategoryKind, Incident, IncidentCategory, Outcome, Source
from jingwang.territory.models import Node


class IncidentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("incident number or place"), method="filter_q")
    occurred_from = django_filters.DateFilter(
        label=_("occurred from"), field_name="occurred_at", lookup_expr="date__gte"
    )
    occurred_to = django_filters.DateFilter(
        label=_("occurred until"), field_name="occurred_at", lookup_expr="date__lte"
    )
    category = django_filters.ModelChoiceFilter(
        label=_("category"), queryset=IncidentCategory.objects.filter(active=True), method="filter_category"
    )
    kind = django_filters.MultipleChoiceFilter(
        label=_("kind"), field_name="category__kind", choices=CategoryKind.choices
    )
    preventable = BooleanFilter(label=_("preventable"), field_name="category__preventable")
    non_police = BooleanFilter(label=_("non-police"), field_name="category__non_police")
    outcome = django_filters.ChoiceFilter(label=_("outcome"), choices=Outcome.choices)
    source = django_filters.ChoiceFilter(label=_("source"), choices=Source.choices)
    grid = django_filters.CharFilter(label=_("grid code"), field_name="grid__code")
    node = django_filters.CharFilter(label=_("area code (community, subdistrict …)"), method="filter_node")
    unmatched = BooleanFilter(label=_("no grid"), field_name="grid", lookup_expr="isnull")

    class Meta:
        model = Incident
        fields = [
            "q", "occurred_from", "occurred_to", "category", "kind", "preventable", "non_police", "outcome", "source",
            "grid", "node", "unmatched",
        ]  # fmt: skip

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(number__startswith=value) | Q(place_text__contains=value))

    def filter_category(self, qs: Any, name: str, value: IncidentCategory | None) -> Any:
        """A category and its sub-types."""
        if value is None:
            return qs
        return qs.filter(Q(category=value) | Q(category__parent=value))

    def filter_node(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        if not value:
            return qs
        paths = list(Node.objects.filter(code=value).values_list("path", flat=True))
        if not paths:
            return qs.none()
        return qs.filter(under_any("grid__path", "grid__police_path", paths))
