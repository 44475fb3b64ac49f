"""The alerts' FilterSets, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.alerts.models import Alert, AlertKind, Delivery, Priority
from jingwang.core.filter_fields import BooleanFilter


class AlertFilterSet(django_filters.FilterSet):
    priority = django_filters.ChoiceFilter(label=_("Priority"), choices=Priority.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AlertKind.choices)
    open = BooleanFilter(label=_("In progress"), method="filter_open")
    q = django_filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="contains")

    class Meta:
        model = Alert
        fields = ["priority", "kind", "open", "q"]

    def filter_open(self, qs: Any, name: str, value: Any) -> Any:
        if value is None:
            return qs
        current = Q(closed_at__isnull=True, expires_at__gt=timezone.now())
        return qs.filter(current) if value else qs.exclude(current)


class DeliveryFilterSet(django_filters.FilterSet):
    unread = BooleanFilter(label=_("Unread"), field_name="read_at", lookup_expr="isnull")
    acknowledged = BooleanFilter(
        label=_("Acknowledged"), field_name="acknowledged_at", lookup_expr="isnull", exclude=True
    )
    q = django_filters.CharFilter(label=_("Title"), field_name="alert__title", lookup_expr="contains")

    class Meta:
        model = Delivery
        fields = ["unread", "acknowledged", "q"]
