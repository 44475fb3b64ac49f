"""Disputes API: the ledger (list, count, export, figures), intake, parties, mediation sessions and
return visits; re-screening checklists. The workflow's steps (accept, refer, hand back, record the
outcome, close, reopen) are the dispute case's transitions: POST /api/v1/cases/{case}/{transition}/,
and its timeline is the case's (GET /api/v1/cases/{case}/timeline/)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.accounts.stepup import require_step_up
from jingwang.api.conventions import ScopedViewSet, expected_version, idempotent, with_etag
from jingwang.api.pagination import DefaultCursorPagination
from jingwang.core import uploads
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.types import actor
from jingwang.disputes.api import serializers as s
from jingwang.disputes.exports import DISPUTE_COLUMNS
from jingwang.disputes.filters import DisputeFilterSet
from jingwang.disputes.models import Dispute, ScreeningRound
from jingwang.disputes.selectors import dispute_figures, dispute_list, figures_total
from jingwang.disputes.services import intake, mediation, screening
from jingwang.territory.models import Node, NodeKind
from jingwang.web.exports import export_response


class LedgerPagination(DefaultCursorPagination):
    ordering = ("-opened_at", "-id")


def _grid(code: str | None) -> Node | None:
    if not code:
        return None
    grid = Node.objects.filter(kind=NodeKind.GRID, code=code).first()
    if grid is None:
        raise ServiceError("invalid", _("Some fields are invalid."), fields={"grid": [_("Unknown grid.")]})
    return grid


class DisputeViewSet(ScopedViewSet, mixins.ListModelMixin):
    """Disputes within the caller's scope (a mediator: those referred to them), newest first."""

    model = Dispute
    serializer_class = s.DisputeSerializer
    filterset_class = DisputeFilterSet
    pagination_class = LedgerPagination
    audit_reads = True
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {
        "partial_update": "handle",
        "sessions": "mediate",
        "visits": "visit",
        "parties": "view",
        "reveal": "reveal",
        "agreement": "view",
        "export": "export",
        "figures": "view",
    }

    def get_queryset(self) -> Any:
        return dispute_list(viewer=self.request.user, action=self.required_action())

    def _answer(self, dispute: Dispute, code: int = status.HTTP_200_OK) -> Response:
        dispute = Dispute.objects.select_related("grid", "community", "case").get(pk=dispute.pk)
        return with_etag(Response(s.DisputeDetailSerializer(dispute).data, status=code), dispute)

    def retrieve(self, request: Request, pk: str) -> Response:
        dispute = self.get_object()
        return with_etag(Response(s.DisputeDetailSerializer(dispute).data), dispute)

    @extend_schema(request=s.DisputeCreateSerializer, responses=s.DisputeDetailSerializer)
    def create(self, request: Request) -> Response:
        """Report a dispute (grid, or a registry address in scope; parties by registry id or name)."""

        def make() -> Response:
            data = s.DisputeCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            v = data.validated_data
            dispute = intake.dispute_report(
                by=actor(request),
                data={k: v[k] for k in ("title", "summary", "kind", "scale", "people_involved", "risk", "place")},
                source=v["source"],
                grid=_grid(v.get("grid")),
                address_id=v.get("address"),
                opened_at=v.get("opened_at"),
                parties=[
                    intake.PartyIn(
                        role=p["role"], person_id=p.get("person"), name=p["name"], phone=p["phone"], note=p["note"]
                    )
                    for p in v.get("parties", [])
                ],
            )
            return self._answer(dispute, status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=s.DisputeUpdateSerializer, responses=s.DisputeDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        """Correct type, scale, risk, title, summary or place (If-Match: the version edited)."""
        self.get_object()
        version = expected_version(request)
        data = s.DisputeUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dispute = intake.dispute_update(
            by=actor(request), dispute_id=int(pk), expected_version=version, data=data.validated_data
        )
        return self._answer(dispute)

    @extend_schema(request=s.PartyInSerializer, responses={201: s.PartySerializer})
    @action(detail=True, methods=["post"])
    def parties(self, request: Request, pk: str) -> Response:
        """Add a party: a registered person in scope (`person`), or a name and phone number."""
        self.get_object()
        data = s.PartyInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        party = intake.party_add(
            by=actor(request),
            dispute_id=int(pk),
            party=intake.PartyIn(role=v["role"], person_id=v.get("person"), name=v["name"], phone=v["phone"],
                                 note=v["note"]),
        )  # fmt: skip
        return Response(s.PartySerializer(party).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.DisputeRevealSerializer, responses={200: dict})
    @action(detail=True, methods=["post"], url_path=r"parties/(?P<party_id>\d+)/reveal")
    def reveal(self, request: Request, pk: str, party_id: str) -> Response:
        """A party's full phone number for a stated purpose (password or code again; audited)."""
        dispute = self.get_object()
        data = s.DisputeRevealSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        require_step_up(request)
        if not dispute.parties.filter(pk=int(party_id)).exists():
            raise NotFound()
        value = intake.party_reveal_phone(by=actor(request), party_id=int(party_id), **data.validated_data)
        return Response({"field": "phone", "value": value})

    @extend_schema(request=s.SessionInSerializer, responses={201: s.SessionSerializer})
    @action(detail=True, methods=["post"])
    def sessions(self, request: Request, pk: str) -> Response:
        """Record a mediation session (multipart, with the signed agreement as `agreement`)."""
        self.get_object()
        data = s.SessionInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        session = mediation.session_record(
            by=actor(request),
            dispute_id=int(pk),
            held_at=v["held_at"],
            participants=v["participants"],
            notes=v["notes"],
            place=v["place"],
            agreement=v.get("agreement"),
        )
        return Response(s.SessionSerializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.VisitInSerializer, responses={201: s.VisitSerializer})
    @action(detail=True, methods=["post"])
    def visits(self, request: Request, pk: str) -> Response:
        """Record a return visit to the parties of a resolved dispute."""
        self.get_object()
        data = s.VisitInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = mediation.return_visit_record(by=actor(request), dispute_id=int(pk), **data.validated_data)
        return Response(s.VisitSerializer(visit).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: bytes})
    @action(detail=True, methods=["get"], url_path=r"sessions/(?P<session_id>\d+)/agreement")
    def agreement(self, request: Request, pk: str, session_id: str) -> Any:
        """The signed agreement of a session (a scan inline, a PDF as a download; audited)."""
        dispute = self.get_object()
        session = mediation.agreement_read(by=actor(request), session_id=int(session_id))
        if session.dispute_id != dispute.pk:
            raise NotFound()
        return uploads.file_response(
            session.agreement.name, content_type=session.agreement_type, filename=session.agreement_name or "agreement"
        )

    @extend_schema(responses={200: bytes})
    @action(detail=False, methods=["get"])
    def export(self, request: Request) -> Any:
        """The filtered ledger as CSV or xlsx (`?as=csv|xlsx`), phones masked; password again; audited."""

        require_step_up(request)
        queryset = self.filter_queryset(self.get_queryset()).order_by("-opened_at", "-id")
        params = dict(request.query_params.items())
        fmt = str(params.pop("as", "csv"))
        return export_response(
            by=actor(request),
            queryset=queryset,
            object_type="disputes.dispute",
            query=params,
            fmt=fmt,
            columns=DISPUTE_COLUMNS,
        )

    @extend_schema(responses={200: dict})
    @action(detail=False, methods=["get"])
    def figures(self, request: Request) -> Response:
        """Counts by type, resolution rate, average days to outcome and overdue count per
        community (`?by=community`) or police district (`?by=district`), with the ledger's filters."""
        queryset = self.filter_queryset(self.get_queryset())
        rows = dispute_figures(viewer=request.user, queryset=queryset, by=request.query_params.get("by", "community"))
        return Response({"results": [r.as_dict() for r in rows], "total": figures_total(rows).as_dict()})


class ScreeningViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Monthly re-screening checklists of the communities in scope."""

    model = ScreeningRound
    serializer_class = s.ScreeningRoundSerializer
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"generate": "add", "check": "view"}

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("community").prefetch_related("items__done_by")

    @extend_schema(request=s.GenerateSerializer, responses={200: dict})
    @action(detail=False, methods=["post"])
    def generate(self, request: Request) -> Response:
        """Create the month's checklist for the communities in scope that lack one."""
        data = s.GenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = screening.screening_generate(by=actor(request), month=data.validated_data.get("month"))
        return Response({"created": created})

    @extend_schema(request=s.CheckSerializer, responses=s.ScreeningItemSerializer)
    @action(detail=False, methods=["post"], url_path=r"items/(?P<item_id>\d+)/check")
    def check(self, request: Request, item_id: str) -> Response:
        """Check a line off with what was found (and the dispute reported from it)."""
        data = s.CheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = screening.screening_item_check(
            by=actor(request),
            item_id=int(item_id),
            finding=data.validated_data["finding"],
            dispute_id=data.validated_data.get("dispute"),
        )
        return Response(s.ScreeningItemSerializer(item).data)
