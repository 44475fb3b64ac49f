"""Hazards API: hazards in scope; POST reports one (multipart with `files` for photos, or JSON).
Its steps are the generic case transitions: POST /api/v1/cases/{case}/{transition}/."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.api.conventions import ScopedViewSet, idempotent
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.hazards import services
from jingwang.hazards.api import serializers as s
from jingwang.hazards.filters import HazardFilterSet
from jingwang.hazards.models import Category, Hazard
from jingwang.registry.models import House, Unit
from jingwang.territory.selectors import grids_in_scope


def _unknown(field: str) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field: [_("Unknown value.")]})


class HazardViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Safety hazards in scope; POST reports one."""

    model = Hazard
    serializer_class = s.HazardSerializer
    filterset_class = HazardFilterSet
    audit_reads = True
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("case__grid", "category")
            .prefetch_related("case__attachments")
            .order_by("-pk")
        )

    @extend_schema(request=s.HazardInput, responses=s.HazardSerializer)
    def create(self, request: Request) -> Response:
        given = s.HazardInput(data=request.data)
        if not given.is_valid():
            raise ServiceError("invalid", _("Some fields are invalid."), fields=given.errors)
        d = dict(given.validated_data)
        grid = grids_in_scope(request.user, Hazard, "add").filter(code=d["grid"]).first()
        if grid is None:
            raise _unknown("grid")
        category = Category.objects.filter(code=d["category"], is_active=True).first()
        if category is None:
            raise _unknown("category")
        house = unit = None
        if d["house"] is not None:
            house = House.objects.filter(pk=d["house"], grid=grid).first()
            if house is None:
                raise _unknown("house")
        if d["unit"] is not None:
            unit = Unit.objects.filter(pk=d["unit"], grid=grid).first()
            if unit is None:
                raise _unknown("unit")
        files = request.FILES.getlist("files") if hasattr(request, "FILES") else []

        def make() -> Response:
            found = services.hazard_report(
                by=actor(request),
                grid=grid,
                category=category,
                description=d["description"],
                place=d["place"],
                serious=d["serious"],
                house=house,
                unit=unit,
                lat=d["lat"],
                lon=d["lon"],
                files=files,
            )
            return Response(
                s.HazardSerializer(self.get_queryset().get(pk=found.pk)).data, status=status.HTTP_201_CREATED
            )

        return idempotent(request, make)
