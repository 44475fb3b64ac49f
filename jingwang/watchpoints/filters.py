"""The watch points' FilterSets, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jingwang.core.filter_fields import BooleanFilter
from jingwang.watchpoints.models import PlaceKind, Report, ReportKind, WatchPoint


class WatchPointFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind of place"), choices=PlaceKind.choices)
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="contains")

    class Meta:
        model = WatchPoint
        fields = ["kind", "q"]


class ReportFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ReportKind.choices)
    handled = BooleanFilter(label=_("Handled"), field_name="handled_at", lookup_expr="isnull", exclude=True)
    q = django_filters.CharFilter(label=_("Text"), field_name="text", lookup_expr="contains")

    class Meta:
        model = Report
        fields = ["kind", "handled", "q"]
