"""API of what follows from incidents: a non-police call to a case (POST /incident-cases/), the
return visits (their checklist is the generic transition POST /cases/{case}/visit/), the
bulletins (draft, publish) and the incident figures of an area."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jingwang.api.conventions import ScopedViewSet, idempotent
from jingwang.core.access import grants, refresh_grants
from jingwang.core.errors import Forbidden, NotFound, ServiceError
from jingwang.core.types import actor
from jingwang.incidents.followups import bulletins, figures, services
from jingwang.incidents.followups.api import serializers as s
from jingwang.incidents.followups.models import Bulletin, IncidentCase, ReturnVisit
from jingwang.incidents.followups.permissions import FIGURE_ROLES
from jingwang.territory.models import NodeKind


def _valid(serializer_class: Any, data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ServiceError("invalid", _("Some fields are invalid."), fields=dict(serializer.errors))
    return dict(serializer.validated_data)


class IncidentCaseViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """The cases non-police calls became, by their case's territory."""

    model = IncidentCase
    serializer_class = s.IncidentCaseSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        qs = super().get_queryset().select_related("incident", "case").order_by("-id")
        incident = self.request.query_params.get("incident", "")
        return qs.filter(incident_id=int(incident)) if incident.isdigit() else qs

    @extend_schema(request=s.IncidentCaseOpenSerializer, responses=s.IncidentCaseSerializer)
    def create(self, request: Request) -> Response:
        """Turn a non-police call into a dispute (`dispute_kind`) or a work order (`department`), once."""
        data = _valid(s.IncidentCaseOpenSerializer, request.data)

        def make() -> Response:
            link = services.incident_case_open(
                by=actor(request),
                incident_id=data["incident"],
                kind=data["kind"],
                department=data["department"],
                dispute_kind=data["dispute_kind"],
                title=data["title"],
            )
            return Response(s.IncidentCaseSerializer(link).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)


class ReturnVisitViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Return visits after preventable crimes, by their case's territory."""

    model = ReturnVisit
    serializer_class = s.ReturnVisitSerializer
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> Any:
        qs = super().get_queryset().select_related("incident__category", "case__grid", "workorder_case")
        if self.request.query_params.get("open") in ("1", "true"):
            qs = qs.filter(case__closed_at__isnull=True)
        return qs.order_by("-id")


class BulletinViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Incident bulletins: drafts and published ones for the police, published ones for the
    community's residents and volunteers."""

    model = Bulletin
    serializer_class = s.BulletinSerializer
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"publish": "change"}

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("community")

    @extend_schema(request=s.BulletinDraftSerializer, responses=s.BulletinSerializer)
    def create(self, request: Request) -> Response:
        data = _valid(s.BulletinDraftSerializer, request.data)
        kind, _sep, code = str(data.pop("community")).partition(":")
        community = bulletins.communities_in_scope(request.user, "add").filter(kind=kind, code=code).first()
        if community is None or kind != NodeKind.COMMUNITY:
            raise ServiceError(
                "invalid", _("Some fields are invalid."), fields={"community": [_("Choose a community of your area.")]}
            )
        bulletin = bulletins.bulletin_draft(by=actor(request), community=community, **data)
        return Response(s.BulletinSerializer(bulletin).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.BulletinSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        self.get_object()
        bulletin = bulletins.bulletin_publish(by=actor(request), bulletin_id=int(pk))
        return Response(s.BulletinSerializer(bulletin).data)


class FiguresApi(APIView):
    """Incident figures of an area (`node=kind:code`, default the caller's top) for a period
    (`start`/`end`, default last month): by category with 同比 and 环比, preventable cases per
    10,000 residents, communities with zero incidents, the grids with most. Counts only."""

    access = "incidents.incident:view"
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[s.FiguresQuerySerializer], responses={200: dict})
    def get(self, request: Request) -> Response:
        refresh_grants(request.user)
        if not any(g.role in FIGURE_ROLES for g in grants(request.user)):
            raise Forbidden()
        q = _valid(s.FiguresQuerySerializer, request.query_params)
        if bool(q["start"]) != bool(q["end"]) or (q["start"] and q["end"] < q["start"]):
            raise ServiceError("invalid", _("Some fields are invalid."), fields={"end": [_("Enter a valid period.")]})
        node = figures.figures_node(request.user, q["node"]) if q["node"] else figures.default_node(request.user)
        if node is None:
            raise NotFound()
        period = figures.Period(q["start"], q["end"]) if q["start"] else figures.default_period()
        data = figures.incident_figures(viewer=request.user, node=node, period=period)
        return Response(
            {
                "node": node.ref,
                "period": [period.start, period.end],
                "previous": [data["previous"].start, data["previous"].end],
                "last_year": [data["last_year"].start, data["last_year"].end],
                "total": data["total"],
                "total_yoy": data["total_yoy"],
                "total_mom": data["total_mom"],
                "preventable": data["preventable"],
                "preventable_yoy": data["preventable_yoy"],
                "residents": data["residents"],
                "preventable_rate": data["preventable_rate"],
                "by_category": data["rows"],
                "zero_communities": [{"ref": c.ref, "name": c.name} for c in data["zero_communities"]],
                "top_grids": data["top_grids"],
            }
        )
