"""The police offices' FilterSet, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.core.filter_fields import BooleanFilter
from jingwang.offices.models import PoliceOffice


class OfficeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or address"), method="filter_text")
    district = django_filters.CharFilter(label=_("Police district code"), field_name="district__code")
    active = BooleanFilter(label=_("In use"), field_name="is_active")

    class Meta:
        model = PoliceOffice
        fields = ["q", "district", "active"]

    def filter_text(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(Q(name__contains=value) | Q(address__contains=value)) if value else qs
