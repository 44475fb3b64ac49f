"""Focus API: the ledger (list, read, list a person, decisions), follow-ups (read; the record is the
case transition POST /api/v1/cases/{case}/record/; the health worker's sign-off here) and lost
contact (report, read; found and escalate are the case transitions)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from jingwang.api.conventions import ScopedViewSet, idempotent
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.focus import followups, services
from jingwang.focus.api import serializers as s
from jingwang.focus.filters import FollowupFilterSet, ListingFilterSet, LostContactFilterSet
from jingwang.focus.models import SENSITIVE, CareAssignment, Followup, Listing, LostContact
from jingwang.focus.selectors import followup_list, listing_list, lost_contact_list


def _valid(serializer: Serializer[Any]) -> dict[str, Any]:
    if not serializer.is_valid():
        raise ServiceError("invalid", _("Some fields are invalid."), fields=dict(serializer.errors))
    return dict(serializer.validated_data)


class ListingViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Listing
    audit_reads = True
    audit_purpose = SENSITIVE
    serializer_class = s.ListingSerializer
    filterset_class = ListingFilterSet
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"decide": "approve", "decide_delist": "approve", "renew": "change", "delist": "change"}

    def get_queryset(self) -> Any:
        return listing_list(viewer=self.request.user, action=self.required_action()).select_related(
            "approved_by", "grid_worker"
        )

    @extend_schema(request=s.ListingCreateSerializer, responses=s.ListingSerializer)
    def create(self, request: Request) -> Response:
        """List a registered person (awaits a station leader's approval)."""
        data = _valid(s.ListingCreateSerializer(data=request.data))

        def make() -> Response:
            listing = services.listing_create(by=actor(request), **data)
            return Response(s.ListingSerializer(listing).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=s.DecisionSerializer, responses=s.ListingSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        data = _valid(s.DecisionSerializer(data=request.data))
        return Response(s.ListingSerializer(services.listing_decide(by=actor(request), listing_id=obj.pk, **data)).data)

    @extend_schema(request=s.RenewSerializer, responses=s.ListingSerializer)
    @action(detail=True, methods=["post"])
    def renew(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        data = _valid(s.RenewSerializer(data=request.data))
        return Response(s.ListingSerializer(services.listing_renew(by=actor(request), listing_id=obj.pk, **data)).data)

    @extend_schema(request=s.ReasonSerializer, responses=s.ListingSerializer)
    @action(detail=True, methods=["post"])
    def delist(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        data = _valid(s.ReasonSerializer(data=request.data))
        listing = services.listing_request_delist(by=actor(request), listing_id=obj.pk, **data)
        return Response(s.ListingSerializer(listing).data)

    @extend_schema(request=s.DecisionSerializer, responses=s.ListingSerializer)
    @action(detail=True, methods=["post"], url_path="decide-delist")
    def decide_delist(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        data = _valid(s.DecisionSerializer(data=request.data))
        listing = services.listing_decide_delist(by=actor(request), listing_id=obj.pk, **data)
        return Response(s.ListingSerializer(listing).data)


class FollowupViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = Followup
    audit_reads = True
    audit_purpose = SENSITIVE
    serializer_class = s.FollowupSerializer
    filterset_class = FollowupFilterSet
    http_method_names = ["get", "post", "head", "options"]
    action_permissions = {"sign": "sign"}

    def get_queryset(self) -> Any:
        return followup_list(viewer=self.request.user, action=self.required_action()).prefetch_related(
            "case__attachments"
        )

    @extend_schema(request=s.SignSerializer, responses=s.FollowupSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str) -> Response:
        """The health worker's sign-off of a recorded follow-up (serious mental disorder)."""
        obj = self.get_object()
        data = _valid(s.SignSerializer(data=request.data))
        return Response(
            s.FollowupSerializer(followups.followup_health_sign(by=actor(request), followup_id=obj.pk, **data)).data
        )


class LostContactViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    model = LostContact
    audit_reads = True
    audit_purpose = SENSITIVE
    serializer_class = s.LostContactSerializer
    filterset_class = LostContactFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return lost_contact_list(viewer=self.request.user, action=self.required_action())

    @extend_schema(request=s.LostReportSerializer, responses=s.LostContactSerializer)
    def create(self, request: Request) -> Response:
        """Report lost contact with a person whose follow-up the caller sees."""
        data = _valid(s.LostReportSerializer(data=request.data))

        def make() -> Response:
            lost = followups.lost_contact_report(
                by=actor(request), followup_id=data["followup"], last_seen=data["last_seen"], note=data["note"]
            )
            return Response(s.LostContactSerializer(lost).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)


class CareAssignmentViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Which focus categories the care workers of the security administrator's territory care for:
    list, give (POST) and take away (DELETE); each change audited."""

    model = CareAssignment
    serializer_class = s.CareAssignmentSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return (
            CareAssignment.objects.restrict(self.request.user, self.required_action())
            .select_related("user", "category")
            .order_by("user__username", "category_id")
        )

    @extend_schema(request=s.CareAssignCreateSerializer, responses=s.CareAssignmentSerializer)
    def create(self, request: Request) -> Response:
        data = _valid(s.CareAssignCreateSerializer(data=request.data))
        assignment = services.care_assign(by=actor(request), user_id=data["user"], category_id=data["category"])
        return Response(s.CareAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        self.get_object()
        services.care_unassign(by=actor(request), assignment_id=int(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
