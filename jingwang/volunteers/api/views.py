"""Volunteers API: volunteers in scope (register, verify, leave) and teams."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.api.conventions import ScopedViewSet
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.territory.models import Node, NodeKind
from jingwang.volunteers import selectors, services
from jingwang.volunteers.api import serializers as s
from jingwang.volunteers.filters import TeamFilterSet, VolunteerFilterSet
from jingwang.volunteers.models import Team, Volunteer


class VolunteerViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Volunteer
    audit_reads = True
    serializer_class = s.VolunteerSerializer
    filterset_class = VolunteerFilterSet
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"verify": "change", "leave": "change"}

    def get_queryset(self) -> Any:
        return selectors.volunteer_list(viewer=self.request.user, action=self.required_action()).order_by("-id")

    @extend_schema(request=s.VolunteerInput, responses={201: s.VolunteerSerializer})
    def create(self, request: Request) -> Response:
        body = s.VolunteerInput(data=request.data)
        if not body.is_valid():
            raise ServiceError("invalid", _("Some fields are invalid."), fields=dict(body.errors))
        d = body.validated_data
        grid = Node.objects.filter(kind=NodeKind.GRID, code=d["grid"]).first()
        made = services.volunteer_register(
            by=actor(request),
            name=d["name"],
            grid_id=grid.pk if grid else 0,
            team_id=d.get("team"),
            skills=d["skills"],
            availability=d["availability"],
            username=d["username"],
        )
        return Response(
            s.VolunteerSerializer(selectors.volunteer_list(viewer=request.user).get(pk=made.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses=s.VolunteerSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str) -> Response:
        services.volunteer_verify(by=actor(request), volunteer_id=self.get_object().pk)
        return Response(s.VolunteerSerializer(selectors.volunteer_list(viewer=request.user).get(pk=pk)).data)

    @extend_schema(request=None, responses=s.VolunteerSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: str) -> Response:
        services.volunteer_leave(by=actor(request), volunteer_id=self.get_object().pk)
        return Response(s.VolunteerSerializer(selectors.volunteer_list(viewer=request.user).get(pk=pk)).data)


class TeamViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Team
    serializer_class = s.TeamSerializer
    filterset_class = TeamFilterSet
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.team_list(viewer=self.request.user, action=self.required_action()).order_by("name")
