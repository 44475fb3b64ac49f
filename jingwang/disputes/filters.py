"""The ledger's FilterSet, shared by the page and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from jingwang.core.filter_fields import BooleanFilter
from jingwang.disputes.models import Dispute, DisputeKind, IntakeSource, Outcome, Party, Risk, Scale, Status
from jingwang.disputes.selectors import overdue_q


class DisputeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search (title, party name)"), method="filter_q")
    status = django_filters.MultipleChoiceFilter(label=_("status"), choices=Status.choices)
    kind = django_filters.MultipleChoiceFilter(label=_("type"), choices=DisputeKind.choices)
    source = django_filters.ChoiceFilter(label=_("intake source"), choices=IntakeSource.choices)
    risk = django_filters.ChoiceFilter(label=_("risk level"), choices=Risk.choices)
    scale = django_filters.ChoiceFilter(label=_("scale"), choices=Scale.choices)
    outcome = django_filters.ChoiceFilter(label=_("outcome"), choices=Outcome.choices)
    grid = django_filters.CharFilter(label=_("grid code"), field_name="grid__code")
    community = django_filters.CharFilter(label=_("community code"), field_name="community__code")
    opened_from = django_filters.DateFilter(label=_("reported from"), field_name="opened_at", lookup_expr="date__gte")
    opened_to = django_filters.DateFilter(label=_("reported until"), field_name="opened_at", lookup_expr="date__lte")
    node = django_filters.CharFilter(label=_("area (kind:code)"), method="filter_node")
    overdue = BooleanFilter(label=_("overdue"), method="filter_overdue")
    mine = BooleanFilter(label=_("mine to act on"), method="filter_mine")

    class Meta:
        model = Dispute
        fields = ["q", "status", "kind", "source", "risk", "scale", "outcome", "grid", "community"]

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        from django.db.models import Q

        value = value.strip()
        if not value:
            return qs
        named = Party.objects.filter(name=value).values("dispute_id")
        return qs.filter(Q(case__title__contains=value) | Q(pk__in=named))

    def filter_node(self, qs: Any, name: str, value: str) -> Any:
        """Disputes on the grids under a territory node of either tree (the dashboards' drill-down)."""
        from jingwang.core.access import under_any
        from jingwang.territory.models import Node

        kind, _sep, code = value.strip().partition(":")
        node = Node.objects.filter(kind=kind, code=code).first()
        if node is None:
            return qs.none()
        return qs.filter(grid__in=Node.objects.filter(under_any("path", "police_path", [node.path])).values("id"))

    def filter_overdue(self, qs: Any, name: str, value: bool | None) -> Any:

        if value is None:
            return qs
        return qs.filter(overdue_q()) if value else qs.exclude(overdue_q())

    def filter_mine(self, qs: Any, name: str, value: bool | None) -> Any:
        from django.db.models import Q

        user = getattr(self.request, "user", None)
        if not value or user is None:
            return qs
        return qs.filter(
            Q(status__in=[Status.HANDLING, Status.RESOLVED], case__assignee=user.pk)
            | Q(status=Status.REFERRED, mediator=user.pk)
        )
