"""The staff pages' FilterSets."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jingwang.portal.models import Booking, BookingStatus, Service


class BookingFilterSet(django_filters.FilterSet):
    day = django_filters.DateFilter(label=_("Day"), field_name="slot__starts_at", lookup_expr="date")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=BookingStatus.choices)

    class Meta:
        model = Booking
        fields = ["day", "status"]


class ServiceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Service"), field_name="name", lookup_expr="contains")

    class Meta:
        model = Service
        fields = ["q"]
