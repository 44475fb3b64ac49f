"""Key venues API: venues, staff filings, incident reports, guest batches (JSON or CSV file),
list matches (police only), inspections and random selections. Inspection steps are the generic
case transitions: POST /api/v1/cases/{case}/{transition}/."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.api.conventions import ScopedViewSet, idempotent
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.territory.models import Node
from jingwang.venues import inspections, services
from jingwang.venues.api import serializers as s
from jingwang.venues.filters import (
    GuestFilterSet,
    HitFilterSet,
    IncidentFilterSet,
    InspectionFilterSet,
    StaffFilterSet,
    VenueFilterSet,
)
from jingwang.venues.models import Guest, Incident, Inspection, InspectionDraw, StaffFiling, Venue, VenueHit
from jingwang.venues.selectors import venues_for


def _valid(serializer: Any) -> dict[str, Any]:
    if not serializer.is_valid():
        raise ServiceError("invalid", _("Some fields are invalid."), fields=serializer.errors)
    return dict(serializer.validated_data)


class _Read(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    audit_reads = True
    http_method_names = ["get", "head", "options"]
    related: tuple[str, ...] = ()

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related(*self.related).order_by("-pk")


class VenueViewSet(_Read):
    """Key venues in scope (a venue operator: its own)."""

    model = Venue
    serializer_class = s.VenueSerializer
    filterset_class = VenueFilterSet
    related = ("unit__grid", "trade", "responsible_officer")


class StaffViewSet(_Read, mixins.CreateModelMixin):
    """从业人员报备: the staff a venue filed; POST files one (Idempotency-Key honoured)."""

    model = StaffFiling
    serializer_class = s.StaffSerializer
    filterset_class = StaffFilterSet
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"leave": "add"}

    @extend_schema(request=s.StaffInput, responses=s.StaffSerializer)
    def create(self, request: Request) -> Response:
        d = _valid(s.StaffInput(data=request.data))

        def make() -> Response:
            filing = services.staff_file(by=actor(request), venue_id=d.pop("venue"), **d)
            return Response(s.StaffSerializer(filing).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=None, responses=s.StaffSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: str) -> Response:
        """The employee left the venue (kept, marked left)."""
        filing = services.staff_leave(by=actor(request), filing_id=self.get_object().pk)
        return Response(s.StaffSerializer(filing).data)


class IncidentViewSet(_Read, mixins.CreateModelMixin):
    """Incident reports (涉稳涉安涉外); POST reports one (Idempotency-Key honoured)."""

    model = Incident
    serializer_class = s.IncidentSerializer
    filterset_class = IncidentFilterSet
    http_method_names = ["get", "post", "head", "options"]
    related = ("case",)

    @extend_schema(request=s.IncidentInput, responses=s.IncidentSerializer)
    def create(self, request: Request) -> Response:
        d = _valid(s.IncidentInput(data=request.data))

        def make() -> Response:
            incident = services.incident_report(by=actor(request), venue_id=d.pop("venue"), **d)
            return Response(s.IncidentSerializer(incident).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)


class GuestViewSet(_Read, mixins.CreateModelMixin):
    """旅馆业实名登记: POST a batch `{venue, guests: [...]}` (or `import/` a CSV file). The answer
    is the batch received; whether anyone matched a list is never said to the hotel."""

    model = Guest
    serializer_class = s.GuestSerializer
    filterset_class = GuestFilterSet
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    action_permissions = {"import_file": "add"}

    @extend_schema(request=s.GuestBatchInput, responses=s.GuestBatchSerializer)
    def create(self, request: Request) -> Response:
        d = _valid(s.GuestBatchInput(data=request.data))
        rows = [services.GuestRow(**row) for row in d["guests"]]

        def make() -> Response:
            batch = services.guests_receive(by=actor(request), venue_id=d["venue"], rows=rows)
            return Response(s.GuestBatchSerializer(batch).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=s.GuestFileInput, responses=s.GuestBatchSerializer)
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request: Request) -> Response:
        d = _valid(s.GuestFileInput(data=request.data))
        batch = services.guests_import_upload(by=actor(request), venue_id=d["venue"], upload=d["file"])
        return Response(s.GuestBatchSerializer(batch).data, status=status.HTTP_201_CREATED)


class HitViewSet(_Read):
    """Staff and guests who matched a list, for the police of the venue's area."""

    model = VenueHit
    serializer_class = s.HitSerializer
    filterset_class = HitFilterSet
    related = ("venue__unit",)


class InspectionViewSet(_Read, mixins.CreateModelMixin):
    """Venue inspections; POST opens a targeted one. Steps: the generic case transitions."""

    model = Inspection
    serializer_class = s.InspectionSerializer
    filterset_class = InspectionFilterSet
    http_method_names = ["get", "post", "head", "options"]
    related = ("case",)

    @extend_schema(request=s.InspectionInput, responses=s.InspectionSerializer)
    def create(self, request: Request) -> Response:
        d = _valid(s.InspectionInput(data=request.data))
        venue = venues_for(request.user, Inspection, "add").filter(pk=d["venue"]).first()
        if venue is None:
            raise ServiceError("invalid", _("Some fields are invalid."), fields={"venue": [_("Unknown venue.")]})

        def make() -> Response:
            found = inspections.inspection_open(by=actor(request), venue=venue, kind=d["kind"], note=d["note"])
            return Response(s.InspectionSerializer(found).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)


class DrawViewSet(_Read, mixins.CreateModelMixin):
    """Random selections (双随机): the population, the seed and the venues drawn."""

    model = InspectionDraw
    serializer_class = s.DrawSerializer
    http_method_names = ["get", "post", "head", "options"]
    related = ("node",)
    audit_reads = False  # no personal data

    @extend_schema(request=s.DrawInput, responses=s.DrawSerializer)
    def create(self, request: Request) -> Response:
        d = _valid(s.DrawInput(data=request.data))
        kind, _sep, code = d["node"].partition(":")
        node = Node.objects.filter(kind=kind, code=code).first()
        if node is None:
            raise ServiceError("invalid", _("Some fields are invalid."), fields={"node": [_("Unknown area.")]})
        draw = inspections.inspection_draw(
            by=actor(request), node=node, period=d["period"], count=d["count"], seed=d["seed"]
        )
        return Response(s.DrawSerializer(draw).data, status=status.HTTP_201_CREATED)
