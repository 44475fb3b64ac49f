"""The volunteers' FilterSets, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from jingwang.volunteers.models import Status, Team, TeamKind, Volunteer


class VolunteerFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    team = django_filters.NumberFilter(label=_("Team"), field_name="team_id", min_value=1, max_value=2**63 - 1)
    q = django_filters.CharFilter(label=_("Name or skill"), method="filter_text")

    class Meta:
        model = Volunteer
        fields = ["status", "team", "q"]

    def filter_text(self, qs, name, value):  # type: ignore[no-untyped-def]
        from django.db.models import Q

        value = value.strip()
        return qs.filter(Q(name__contains=value) | Q(skills__contains=value)) if value else qs


class TeamFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=TeamKind.choices)
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="contains")

    class Meta:
        model = Team
        fields = ["kind", "q"]
