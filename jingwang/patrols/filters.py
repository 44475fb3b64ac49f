"""The patrols' FilterSets, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jingwang.core.filter_fields import IdFilter
from jingwang.patrols.models import CheckIn, Kind, Patrol, Status


class PatrolFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices)
    q = django_filters.CharFilter(label=_("Title"), field_name="title", lookup_expr="contains")

    class Meta:
        model = Patrol
        fields = ["status", "kind", "q"]


class CheckInFilterSet(django_filters.FilterSet):
    patrol = IdFilter(label=_("Patrol"), field_name="patrol")
    q = django_filters.CharFilter(label=_("What was seen"), field_name="seen", lookup_expr="contains")

    class Meta:
        model = CheckIn
        fields = ["patrol", "q"]
