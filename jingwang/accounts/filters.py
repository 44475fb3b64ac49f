"""FilterSets shared by the accounts pages and API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.accounts.models import User


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")

    class Meta:
        model = User
        fields = ["q"]

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(Q(username__icontains=value) | Q(display_name__icontains=value)) if value else qs
