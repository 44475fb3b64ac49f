"""FilterSets shared by the case pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jingwang.casework import selectors
from jingwang.casework.models import Case, Department, Warning
from jingwang.core.filter_fields import BooleanFilter


class CaseFilterSet(django_filters.FilterSet):
    kind = django_filters.CharFilter(label=_("Case type"))
    state = django_filters.CharFilter(label=_("State"))
    warning = django_filters.TypedChoiceFilter(
        choices=[("", _("All")), *Warning.choices], coerce=int, empty_value="", label=_("Warning")
    )
    open = BooleanFilter(field_name="closed_at", lookup_expr="isnull", label=_("Open"))
    show = django_filters.ChoiceFilter(
        choices=[("mine", _("My cases")), ("overdue", _("Overdue"))], method="filter_show", label=_("Show")
    )
    q = django_filters.CharFilter(method="filter_text", label=_("Number or title"))
    grid = django_filters.CharFilter(field_name="grid__code", label=_("Grid code"))

    class Meta:
        model = Case
        fields = ["kind", "state", "warning", "level", "urgency"]

    def filter_show(self, qs: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        user = getattr(self.request, "user", None)
        if value == "mine" and user is not None:
            return selectors.mine(qs, user)
        if value == "overdue":
            return selectors.overdue(qs)
        return qs

    def filter_text(self, qs: QuerySet[Case], name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(Q(number__startswith=value) | Q(title__contains=value)) if value else qs


class DepartmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Name"))
    is_active = BooleanFilter(label=_("in use"))

    class Meta:
        model = Department
        fields = ["is_active"]
