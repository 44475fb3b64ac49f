"""The warnings' FilterSet, shared by the list page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.antifraud.models import Outcome, ProtectionRequest, ProtectionStatus, Risk, Routing, Source, Warning
from jingwang.core.filter_fields import BooleanFilter


class WarningFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("reference or case number"), method="filter_q")
    risk = django_filters.ChoiceFilter(label=_("risk level"), choices=Risk.choices)
    routing = django_filters.ChoiceFilter(label=_("routing"), choices=Routing.choices)
    source = django_filters.ChoiceFilter(label=_("source"), choices=Source.choices)
    outcome = django_filters.ChoiceFilter(label=_("outcome"), choices=Outcome.choices)
    open = BooleanFilter(label=_("open"), method="filter_open")
    received_from = django_filters.DateFilter(
        label=_("received from"), field_name="received_at", lookup_expr="date__gte"
    )
    received_to = django_filters.DateFilter(
        label=_("received until"), field_name="received_at", lookup_expr="date__lte"
    )

    class Meta:
        model = Warning
        fields: list[str] = []

    def filter_q(self, queryset: Any, name: str, value: str) -> Any:
        value = value.strip()
        return queryset.filter(Q(reference=value) | Q(case__number=value)) if value else queryset

    def filter_open(self, queryset: Any, name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        still = Q(case__isnull=False, case__closed_at__isnull=True) | Q(routing=Routing.DUTY)
        return queryset.filter(still) if value else queryset.exclude(still)


class ProtectionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=ProtectionStatus.choices)

    class Meta:
        model = ProtectionRequest
        fields: list[str] = []
