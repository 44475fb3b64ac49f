"""Verification API: the check itself (POST /verify/), watch lists and entries, past checks."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jingwang.api.conventions import ScopedViewSet, expected_version, idempotent, with_etag
from jingwang.core.access import refresh_grants
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.territory.selectors import resolve_ref
from jingwang.verification import filters
from jingwang.verification.api import serializers as s
from jingwang.verification.models import VerificationCheck, WatchEntry, WatchList
from jingwang.verification.services import imports, watchlists
from jingwang.verification.services.checks import verify_check


class VerifyApi(APIView):
    """Check a person on the spot by ID number or by name + birth date.

    Answers the caller's in-scope registry records (masked), "registered, station X" for persons
    registered outside the caller's scope, and watch-list hits with their instruction (sensitive
    details only for community officers and leaders). An ID failing its check digit answers the
    registered persons one substitution or transposition away. Every check is recorded and audited;
    a hit notifies the responsible officer."""

    access = "verification.verificationcheck:add"
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(request=s.VerifyRequestSerializer, responses={200: dict})
    def post(self, request: Request) -> Response:
        refresh_grants(request.user)
        data = s.VerifyRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        location = v.get("location") or {}
        result = verify_check(
            actor=actor(request),
            id_number=v.get("id_number", ""),
            name=v.get("name", ""),
            birth_date=v.get("birth_date"),
            lat=location.get("lat"),
            lng=location.get("lng"),
            purpose=v.get("purpose", ""),
        )
        return Response(result.as_json())


class WatchListViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Watch lists kept within the caller's scope."""

    model = WatchList
    serializer_class = s.WatchListSerializer
    filterset_class = filters.WatchListFilterSet
    action_permissions = {"entries_import": "change"}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().filter(is_active=True).select_related("node", "owner").order_by("-id")

    @extend_schema(request=s.WatchListWriteSerializer, responses=s.WatchListSerializer)
    def create(self, request: Request) -> Response:
        def make() -> Response:
            data = s.WatchListWriteSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            v = dict(data.validated_data)
            try:
                node = resolve_ref(v.pop("node"))
            except Exception as exc:
                raise ServiceError(
                    "invalid", _("Some fields are invalid."), fields={"node": [_("Unknown node.")]}
                ) from exc
            watchlist = watchlists.watchlist_create(by=actor(request), node=node, **v)
            return Response(s.WatchListSerializer(watchlist).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=s.ImportSerializer, responses={200: dict})
    @action(detail=True, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def entries_import(self, request: Request, pk: str) -> Response:
        """Import entries from CSV: every bad line reported; nothing written on a fatal problem;
        re-importing adds nothing. `dry_run` reports without writing."""
        self.get_object()
        data = s.ImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        report = imports.entries_import_upload(
            by=actor(request),
            watchlist_id=int(pk),
            upload=v["file"],
            default_instruction=v.get("default_instruction", ""),
            dry_run=v.get("dry_run", False),
        )
        if report.fatal:  # nothing was written: an error in the one error format, the reasons by field
            raise ServiceError("import_failed", _("The file cannot be imported."), fields={"file": report.fatal})
        return Response(report.as_json())


class WatchEntryViewSet(ScopedViewSet, mixins.ListModelMixin):
    """Entries of the watch lists in the caller's scope (`?watchlist=`); sensitive details only for
    the roles that may read them."""

    model = WatchEntry
    serializer_class = s.WatchEntrySerializer
    filterset_class = filters.WatchEntryFilterSet
    audit_reads = True
    action_permissions = {"renew": "change"}
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().order_by("-id")

    def retrieve(self, request: Request, pk: str) -> Response:
        entry = self.get_object()
        return with_etag(Response(self.get_serializer(entry).data), entry)

    @extend_schema(request=s.WatchEntryWriteSerializer, responses=s.WatchEntrySerializer)
    def create(self, request: Request) -> Response:
        def make() -> Response:
            data = s.WatchEntryWriteSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            v = data.validated_data
            entry = watchlists.entry_add(
                by=actor(request),
                watchlist_id=v["watchlist"],
                person_id=v.get("person"),
                id_number=v.get("id_number", ""),
                name=v.get("name", ""),
                birth_date=v.get("birth_date"),
                instruction=v["instruction"],
                sensitive_details=v.get("sensitive_details", ""),
            )
            return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=None, responses=s.WatchEntrySerializer)
    @action(detail=True, methods=["post"])
    def renew(self, request: Request, pk: str) -> Response:
        """Keep the entry in force for another review period from today (If-Match optional)."""
        self.get_object()
        version = expected_version(request) if request.headers.get("If-Match") else None
        entry = watchlists.entry_renew(by=actor(request), entry_id=int(pk), expected_version=version)
        return with_etag(Response(self.get_serializer(entry).data), entry)

    def destroy(self, request: Request, pk: str) -> Response:
        """Take the entry off its list (`?reason=`); it no longer hits."""
        self.get_object()
        watchlists.entry_remove(by=actor(request), entry_id=int(pk), reason=request.query_params.get("reason", ""))
        return Response(status=status.HTTP_204_NO_CONTENT)


class VerificationCheckViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Past checks: the caller's own, those in their area, and those that hit their lists."""

    model = VerificationCheck
    serializer_class = s.VerificationCheckSerializer
    filterset_class = filters.VerificationCheckFilterSet
    audit_reads = True
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("checked_by").order_by("-id")
