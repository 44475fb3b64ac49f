"""One FilterSet per model, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jingwang.territory.models import Node, NodeKind


class NodeFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=NodeKind.choices)
    parent = django_filters.CharFilter(label=_("parent (code or kind:code)"), method="filter_parent")
    q = django_filters.CharFilter(label=_("search"), method="filter_q")

    class Meta:
        model = Node
        fields = ["kind", "parent", "q"]

    def filter_parent(self, qs: QuerySet[Node], name: str, value: str) -> QuerySet[Node]:
        if ":" in value:
            kind, code = value.split(":", 1)
            return qs.filter(parent__kind=kind, parent__code=code)
        return qs.filter(parent__code=value)

    def filter_q(self, qs: QuerySet[Node], name: str, value: str) -> QuerySet[Node]:
        value = value.strip()
        return qs.filter(Q(name__contains=value) | Q(code__startswith=value)) if value else qs
