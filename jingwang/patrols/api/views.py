"""Patrols API: patrols in scope (POST plans one; `checkin/` and `finish/` are a member's), and
the check-ins in scope. Raising a case from a patrol is the page's (the other apps' services)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.accounts.models import User
from jingwang.api.conventions import ScopedViewSet
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.patrols import services
from jingwang.patrols.api import serializers as s
from jingwang.patrols.filters import CheckInFilterSet, PatrolFilterSet
from jingwang.patrols.models import CheckIn, Patrol, Raised
from jingwang.territory.models import Node


def _valid(serializer: Any) -> dict[str, Any]:
    if not serializer.is_valid():
        raise ServiceError("invalid", _("Some fields are invalid."), fields=serializer.errors)
    return dict(serializer.validated_data)


class PatrolViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Patrols in scope; POST plans one (kind ad_hoc: starts at once)."""

    model = Patrol
    serializer_class = s.PatrolSerializer
    filterset_class = PatrolFilterSet
    audit_reads = False  # where and when, no personal data
    http_method_names = ["get", "post", "head", "options"]
    # A member checks in and finishes (the service checks membership); volunteers may not plan.
    action_permissions = {"checkin": "view", "finish": "view"}

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("area")
            .prefetch_related("members", Prefetch("raised", queryset=Raised.objects.select_related("case")))
            .order_by("-pk")
        )

    @extend_schema(request=s.PatrolInput, responses=s.PatrolSerializer)
    def create(self, request: Request) -> Response:
        d = _valid(s.PatrolInput(data=request.data))
        kind, _sep, code = d["area"].partition(":")
        area = Node.objects.filter(kind=kind, code=code).first()
        if area is None:
            raise ServiceError("invalid", _("Some fields are invalid."), fields={"area": [_("Unknown area.")]})
        members = list(User.objects.filter(pk__in=d["members"]))
        if len(members) != len(set(d["members"])):
            raise ServiceError("invalid", _("Some fields are invalid."), fields={"members": [_("Unknown user.")]})
        patrol = services.patrol_create(
            by=actor(request),
            title=d["title"],
            area=area,
            kind=d["kind"],
            members=members,
            route=d["route"],
            route_points=d["route_points"],
            planned_start=d["planned_start"],
            planned_end=d["planned_end"],
        )
        return Response(s.PatrolSerializer(self.get_queryset().get(pk=patrol.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CheckInInput, responses={201: s.CheckInSerializer})
    @action(detail=True, methods=["post"])
    def checkin(self, request: Request, pk: str) -> Response:
        """A member's check-in: the device's location (WGS-84) and what was seen; the time is now."""
        patrol = self.get_object()
        d = _valid(s.CheckInInput(data=request.data))
        found = services.checkin_record(by=actor(request), patrol_id=patrol.pk, **d)
        return Response(s.CheckInSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.PatrolSerializer)
    @action(detail=True, methods=["post"])
    def finish(self, request: Request, pk: str) -> Response:
        patrol = self.get_object()
        services.patrol_finish(by=actor(request), patrol_id=patrol.pk)
        return Response(s.PatrolSerializer(self.get_queryset().get(pk=patrol.pk)).data)


class CheckInViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Check-ins in scope (by patrol)."""

    model = CheckIn
    serializer_class = s.CheckInSerializer
    filterset_class = CheckInFilterSet
    audit_reads = True  # where a person was, and when
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("by").order_by("-at", "-pk")
