"""FilterSets shared by the verification pages and API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jingwang.core.filter_fields import BooleanFilter
from jingwang.verification.models import VerificationCheck, WatchEntry, WatchList


class WatchListFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains")

    class Meta:
        model = WatchList
        fields = ["category"]


class WatchEntryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="startswith")
    is_active = BooleanFilter(label=_("on the list"))

    class Meta:
        model = WatchEntry
        fields = ["watchlist", "is_active"]


class VerificationCheckFilterSet(django_filters.FilterSet):
    class Meta:
        model = VerificationCheck
        fields = ["outcome", "query_kind"]
