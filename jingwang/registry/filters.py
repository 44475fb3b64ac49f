"""FilterSets shared by the registry's pages and API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.core.filter_fields import BooleanFilter
from jingwang.registry.models import (
    Address,
    Collection,
    CollectionKind,
    CollectionStatus,
    House,
    HouseUse,
    MergeRecord,
    MergeSuggestion,
    Person,
    ResidenceType,
    SuggestionStatus,
    Unit,
)
from jingwang.registry.selectors import search_persons


class PersonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("search (ID number, phone, name, pinyin, birth date, address)"), method="filter_q"
    )
    residence_type = django_filters.ChoiceFilter(label=_("residence type"), choices=ResidenceType.choices)
    grid = django_filters.CharFilter(label=_("grid code"), field_name="grid__code")
    birth_date = django_filters.DateFilter(label=_("birth date"))

    class Meta:
        model = Person
        fields = ["q", "residence_type", "grid", "birth_date"]

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        return search_persons(qs, value) if value.strip() else qs


class AddressFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), field_name="canonical", lookup_expr="contains")
    grid = django_filters.CharFilter(label=_("grid code"), field_name="grid__code")

    class Meta:
        model = Address
        fields = ["q", "grid"]


class HouseFilterSet(django_filters.FilterSet):
    use = django_filters.ChoiceFilter(label=_("use"), choices=HouseUse.choices)
    q = django_filters.CharFilter(label=_("search"), field_name="address__canonical", lookup_expr="contains")
    grid = django_filters.CharFilter(label=_("grid code"), field_name="grid__code")

    class Meta:
        model = House
        fields = ["use", "q", "grid"]


class UnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("search"), field_name="name", lookup_expr="contains")
    credit_code = django_filters.CharFilter(label=_("credit code"))
    is_key_industry = BooleanFilter(label=_("key industry"))
    grid = django_filters.CharFilter(label=_("grid code"), field_name="grid__code")

    class Meta:
        model = Unit
        fields = ["q", "credit_code", "industry", "is_key_industry", "grid"]


class CollectionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=CollectionStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=CollectionKind.choices)
    overdue = BooleanFilter(label=_("overdue"), method="filter_overdue")

    class Meta:
        model = Collection
        fields = ["status", "kind", "overdue"]

    def filter_overdue(self, qs: Any, name: str, value: bool | None) -> Any:
        if value is None:
            return qs
        late = qs.filter(status=CollectionStatus.PENDING, due_at__lt=timezone.now())
        return late if value else qs.exclude(pk__in=late.values("pk"))


class MergeSuggestionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=SuggestionStatus.choices)
    same_id_number = BooleanFilter(label=_("same ID number"))

    class Meta:
        model = MergeSuggestion
        fields = ["status", "same_id_number"]


class MergeRecordFilterSet(django_filters.FilterSet):
    undone = BooleanFilter(label=_("undone"), field_name="undone_at", lookup_expr="isnull", exclude=True)
    automatic = BooleanFilter(label=_("automatic"))

    class Meta:
        model = MergeRecord
        fields = ["undone", "automatic"]
