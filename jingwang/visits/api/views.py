"""Home visits API: visits in scope (POST records one, with data collected for the registry's
queue), and `figures/`: per officer and week, visits and half-days in the community."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.api.conventions import ScopedViewSet, idempotent
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.registry.models import Address, House, Unit
from jingwang.territory.selectors import grids_in_scope
from jingwang.visits import services
from jingwang.visits.api import serializers as s
from jingwang.visits.filters import VisitFilterSet
from jingwang.visits.models import Visit
from jingwang.visits.selectors import field_week, week_start


def _valid(serializer: Any) -> dict[str, Any]:
    if not serializer.is_valid():
        raise ServiceError("invalid", _("Some fields are invalid."), fields=serializer.errors)
    return dict(serializer.validated_data)


class VisitViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Home visits in scope; POST records one."""

    model = Visit
    serializer_class = s.HomeVisitSerializer
    filterset_class = VisitFilterSet
    audit_reads = True
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("officer", "grid", "unit", "house__address", "address")
            .prefetch_related("collections")
            .order_by("-visited_at", "-pk")
        )

    @extend_schema(request=s.HomeVisitInput, responses=s.HomeVisitSerializer)
    def create(self, request: Request) -> Response:
        d = _valid(s.HomeVisitInput(data=request.data))
        grids = grids_in_scope(request.user, Visit, "add")
        places: dict[str, Any] = {}
        for field, model in (("address", Address), ("house", House), ("unit", Unit)):
            if d[field] is not None:
                places[field] = model.objects.filter(pk=d[field], grid__in=grids).first()  # type: ignore[attr-defined]
                if places[field] is None:
                    raise ServiceError("invalid", _("Some fields are invalid."), fields={field: [_("Unknown value.")]})

        def make() -> Response:
            visit = services.visit_record(
                by=actor(request),
                purpose=d["purpose"],
                met=d["met"],
                learnt=d["learnt"],
                follow_up=d["follow_up"],
                visited_at=d["visited_at"],
                collected=d["collected"],
                **places,
            )
            return Response(
                s.HomeVisitSerializer(self.get_queryset().get(pk=visit.pk)).data, status=status.HTTP_201_CREATED
            )

        return idempotent(request, make)

    @extend_schema(
        parameters=[OpenApiParameter("week", str, description="Any day of the week (YYYY-MM-DD); default: this week")],
        responses=s.WeekFiguresSerializer(many=True),
        filters=False,
    )
    @action(detail=False, methods=["get"], filterset_class=None)
    def figures(self, request: Request) -> Response:
        """Per field officer in scope: the week's home visits against the target, and half-days
        in the community (half-days with a patrol check-in or a home visit) against five."""
        d = _valid(s.WeekQuery(data=request.query_params))
        monday = week_start(d["week"] or timezone.localdate())
        rows = [
            {
                "officer_id": r.officer_id,
                "officer": r.officer,
                "week": monday,
                "visits": r.visits,
                "visits_target": r.visits_target,
                "visits_met": r.visits_met,
                "half_days": r.half_days,
                "half_days_target": r.half_days_target,
                "half_days_met": r.half_days_met,
            }
            for r in field_week(viewer=request.user, monday=monday)
        ]
        return Response(s.WeekFiguresSerializer(rows, many=True).data)
