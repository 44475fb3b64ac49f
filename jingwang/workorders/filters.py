"""The work orders' FilterSet, shared by the page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.core.filter_fields import BooleanFilter, IdFilter
from jingwang.workorders.casetype import STATES
from jingwang.workorders.models import WorkOrder


class WorkOrderFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), field_name="case__state", choices=list(STATES.items()))
    open = BooleanFilter(label=_("Open"), field_name="case__closed_at", lookup_expr="isnull")
    mine = BooleanFilter(label=_("Raised by me or my department"), method="filter_mine")
    department = IdFilter(label=_("Department"), field_name="department")
    q = django_filters.CharFilter(label=_("Number or title"), method="filter_text")

    class Meta:
        model = WorkOrder
        fields = ["state", "open", "mine", "department", "q"]

    def filter_mine(self, qs: Any, name: str, value: bool | None) -> Any:
        user = getattr(self.request, "user", None)
        if not value or user is None:
            return qs
        return qs.filter(Q(case__opened_by=user) | Q(department__members=user)).distinct()

    def filter_text(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(Q(case__number__startswith=value) | Q(case__title__contains=value)) if value else qs
