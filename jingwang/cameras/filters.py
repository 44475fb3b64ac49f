"""The cameras' FilterSets, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.cameras.models import Camera, CameraDay, OwnerKind, PlaceClass, StatusEvent
from jingwang.core.filter_fields import IdFilter

EPOCH_BOUNDS: dict[str, Any] = {"min_value": 0, "max_value": 2**53, "decimal_places": 0}


class CameraFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or ID"), method="filter_text")
    place_class = django_filters.ChoiceFilter(label=_("Place covered"), choices=PlaceClass.choices)
    owner_kind = django_filters.ChoiceFilter(label=_("Owner"), choices=OwnerKind.choices)
    grid = django_filters.CharFilter(label=_("Grid code"), field_name="grid__code")

    class Meta:
        model = Camera
        fields = ["q", "place_class", "owner_kind", "grid"]

    def filter_text(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(Q(name__contains=value) | Q(gb_id__startswith=value)) if value else qs


class StatusEventFilterSet(django_filters.FilterSet):
    camera = IdFilter(label=_("Camera"), field_name="camera")
    q = django_filters.CharFilter(label=_("Camera ID"), field_name="camera__gb_id", lookup_expr="startswith")
    # Epoch seconds the database can hold (a larger number is a 400, never a 500).
    since = django_filters.NumberFilter(
        label=_("From (epoch seconds)"), field_name="at", lookup_expr="gte", **EPOCH_BOUNDS
    )
    until = django_filters.NumberFilter(
        label=_("Before (epoch seconds)"), field_name="at", lookup_expr="lt", **EPOCH_BOUNDS
    )

    class Meta:
        model = StatusEvent
        fields = ["camera", "q", "since", "until"]


class CameraDayFilterSet(django_filters.FilterSet):
    camera = IdFilter(label=_("Camera"), field_name="camera")
    q = django_filters.CharFilter(label=_("Camera ID"), field_name="camera__gb_id", lookup_expr="startswith")
    day_from = django_filters.DateFilter(label=_("From"), field_name="day", lookup_expr="gte")
    day_to = django_filters.DateFilter(label=_("Until"), field_name="day", lookup_expr="lte")

    class Meta:
        model = CameraDay
        fields = ["camera", "q", "day_from", "day_to"]
