"""Registry API: persons, addresses, houses, units and collection records (with verify actions)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jingwang.accounts.stepup import require_step_up
from jingwang.api.conventions import ScopedViewSet, expected_version, idempotent, with_etag
from jingwang.audit.selectors import audit_read
from jingwang.core.access import model_label
from jingwang.core.errors import ServiceError
from jingwang.registry import filters
from jingwang.registry.api import serializers as s
from jingwang.registry.exports import PERSON_COLUMNS, export_response
from jingwang.registry.imports.uploads import import_upload, report_dict
from jingwang.registry.merges import services as merges
from jingwang.registry.models import Address, Change, Collection, House, MergeRecord, MergeSuggestion, Person, Unit
from jingwang.registry.selectors import address_match, merge_suggestion_list, possible_duplicates
from jingwang.registry.services import collections, persons, places
from jingwang.territory.models import Node, NodeKind


def _fields(request: Request) -> dict[str, Any]:
    """The body as a dict of fields (the services check each field); anything but an object is a 400."""
    body = s.PersonWriteSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


def _grid(code: str | None) -> Node | None:
    if not code:
        return None
    grid = Node.objects.filter(kind=NodeKind.GRID, code=code).first()
    if grid is None:
        raise ServiceError("invalid", _("Some fields are invalid."), fields={"grid": [_("Unknown grid.")]})
    return grid


def _history(record: Any) -> Response:
    changes = Change.objects.filter(record_type=model_label(type(record)), record_id=record.pk).order_by(
        "-changed_at", "-id"
    )
    return Response(s.ChangeSerializer(changes[:200], many=True).data)


class RegistryViewSet(ScopedViewSet, mixins.ListModelMixin):
    audit_reads = True
    action_permissions = {
        "history": "view",
        "search": "view",
        "reveal": "reveal",
        "destroy": "delete",
        "export": "export",
        "match": "view",
    }

    def get_queryset(self) -> Any:
        return super().get_queryset().filter(is_active=True).select_related("grid")

    def retrieve(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        return with_etag(Response(self.get_serializer(obj).data), obj)

    @extend_schema(responses=s.ChangeSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        """Every change to the record: field, old → new (identifiers masked), who, when."""
        return _history(self.get_object())

    def destroy(self, request: Request, pk: str) -> Response:
        """Retire the record (it leaves lists and keeps its history)."""
        self.get_object()
        places.record_retire(
            by=request.user, model=self.model, record_id=int(pk), reason=request.query_params.get("reason", "api")
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class PersonViewSet(RegistryViewSet):
    """Actual persons within the caller's scope; ID and phone numbers are masked."""

    model = Person
    serializer_class = s.PersonSerializer
    filterset_class = filters.PersonFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    paginated_actions = ("search",)  # documented with the list's page envelope (api/schema.py)

    @extend_schema(request=s.PersonWriteSerializer, responses=s.PersonSerializer)
    def create(self, request: Request) -> Response:
        def make() -> Response:
            data = _fields(request)
            grid = _grid(data.pop("grid", None))
            if grid is None:
                raise ServiceError(
                    "invalid", _("Some fields are invalid."), fields={"grid": [_("This field is required.")]}
                )
            person = persons.person_create(by=request.user, grid=grid, data=data, source="api")
            return Response(s.PersonSerializer(person).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=s.PersonWriteSerializer, responses=s.PersonSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        self.get_object()
        version = expected_version(request)
        person = persons.person_update(
            by=request.user, person_id=int(pk), expected_version=version, data=_fields(request), source="api"
        )
        return with_etag(Response(s.PersonSerializer(person).data), person)

    @extend_schema(request=s.PersonSearchSerializer, responses=s.PersonSerializer(many=True))
    @action(detail=False, methods=["post"], filter_backends=[])  # filters in the body; it pages
    def search(self, request: Request) -> Response:
        """The list, with its filters (`q`, `residence_type`, `grid`, `birth_date`) in the JSON body
        instead of the URL, so that a searched ID or phone number never reaches a URL or a server log.
        `GET ?q=` still works. Pages as in the list: POST the same body to the `next` link
        (`?cursor=`, and `?page_size=` in the URL). Audited like the list (numbers masked)."""
        data = s.PersonSearchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        search = {k: v for k, v in data.validated_data.items() if str(v).strip()}
        filterset = self.filterset_class(search, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            problems = {k: [str(m) for m in v] for k, v in filterset.errors.items()}
            raise ServiceError("invalid", _("Some fields are invalid."), fields=problems)
        page = self.paginate_queryset(filterset.qs)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        audit_read(viewer=request.user, object_type="registry.person", query=search, result_count=len(page or []))
        return response

    @extend_schema(parameters=[], responses={200: bytes})
    @action(detail=False, methods=["get"])
    def export(self, request: Request) -> Any:
        """The filtered list as CSV or xlsx (`?as=csv|xlsx`), masked; password again; audited."""
        require_step_up(request)
        params = dict(request.query_params.items())
        fmt = str(params.pop("as", "csv"))
        return export_response(
            by=request.user,
            queryset=self.filter_queryset(self.get_queryset()),
            object_type="registry.person",
            query=params,
            fmt=fmt,
            columns=PERSON_COLUMNS,
        )

    @extend_schema(request=s.RevealSerializer, responses={200: dict})
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, pk: str) -> Response:
        """The full ID or phone number for a stated purpose (password or code again; audited)."""
        self.get_object()
        data = s.RevealSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        require_step_up(request)
        value = persons.person_reveal(by=request.user, person_id=int(pk), **data.validated_data)
        return Response({"field": data.validated_data["field"], "value": value})


class AddressViewSet(RegistryViewSet):
    model = Address
    serializer_class = s.AddressSerializer
    filterset_class = filters.AddressFilterSet
    audit_reads = False  # addresses are not personal data
    http_method_names = ["get", "post", "delete", "head", "options"]

    @extend_schema(request=s.AddressCreateSerializer, responses=s.AddressSerializer)
    def create(self, request: Request) -> Response:
        def make() -> Response:
            data = s.AddressCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            v = data.validated_data
            address = places.address_resolve(
                by=request.user, text=v["text"], lon=v.get("lon"), lat=v.get("lat"), grid=_grid(v.get("grid"))
            )
            return Response(s.AddressSerializer(address).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(parameters=[s.AddressMatchQuerySerializer], responses={200: dict})
    @action(detail=False, methods=["get"])
    def match(self, request: Request) -> Response:
        """Existing standard addresses for a text: exact, alias, or scored candidates to choose."""
        params = s.AddressMatchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        parsed, found = address_match(viewer=request.user, text=params.validated_data["text"])
        picks = [
            {"address": s.AddressSerializer(c.address.ref).data, "score": round(c.score, 3), "agreement": c.agreement}
            for c in found.candidates
        ]
        return Response(
            {
                "parsed": parsed.as_dict(),
                "kind": found.kind,
                "address": s.AddressSerializer(found.address.ref).data if found.address is not None else None,
                "candidates": picks,
            }
        )


class HouseViewSet(RegistryViewSet):
    model = House
    serializer_class = s.HouseSerializer
    filterset_class = filters.HouseFilterSet
    http_method_names = ["get", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("address")


class UnitViewSet(RegistryViewSet):
    model = Unit
    serializer_class = s.UnitSerializer
    filterset_class = filters.UnitFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("address")

    @extend_schema(request=s.PersonWriteSerializer, responses=s.UnitSerializer)
    def create(self, request: Request) -> Response:
        def make() -> Response:
            data = _fields(request)
            text = str(data.pop("address", "") or "")
            grid = _grid(data.pop("grid", None))
            address = places.address_resolve(by=request.user, text=text, grid=grid) if text else None
            unit = places.unit_create(by=request.user, data=data, address=address, grid=grid)
            return Response(s.UnitSerializer(unit).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=s.PersonWriteSerializer, responses=s.UnitSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        self.get_object()
        version = expected_version(request)
        unit = places.unit_update(by=request.user, unit_id=int(pk), expected_version=version, data=_fields(request))
        return with_etag(Response(s.UnitSerializer(unit).data), unit)


class CollectionViewSet(ScopedViewSet, mixins.ListModelMixin):
    """Field submissions: grid workers submit, the responsible officer verifies."""

    model = Collection
    serializer_class = s.CollectionSerializer
    filterset_class = filters.CollectionFilterSet
    audit_reads = True
    action_permissions = {"verify": "verify", "bulk_verify": "verify", "reveal": "reveal"}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("grid", "submitted_by")

    def retrieve(self, request: Request, pk: str) -> Response:
        """The submission with its values (ID and phone numbers masked: `reveal` gives them in full)."""
        collection = self.get_object()
        body = dict(s.CollectionSerializer(collection).data)
        body["values"] = collections.collection_values(collection)
        body["possible_duplicates"] = [
            {
                "person": s.PersonBriefSerializer(m.person).data,
                "probability": m.probability,
                "same_id_number": m.same_id_number,
            }
            for m in possible_duplicates([collection.pk]).get(collection.pk, [])
        ]
        return with_etag(Response(body), collection)

    @extend_schema(request=s.CollectionCreateSerializer, responses=s.CollectionSerializer)
    def create(self, request: Request) -> Response:
        def make() -> Response:
            data = s.CollectionCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            v = data.validated_data
            collection = collections.collection_submit(
                by=request.user,
                kind=v["kind"],
                payload=v["values"],
                lon=v.get("lon"),
                lat=v.get("lat"),
                grid=_grid(v.get("grid")),
            )
            return Response(s.CollectionSerializer(collection).data, status=status.HTTP_201_CREATED)

        return idempotent(request, make)

    @extend_schema(request=s.CollectionDecisionSerializer, responses=s.CollectionSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str) -> Response:
        """Accept (optionally with corrections) or reject; accepted values update the master records."""
        self.get_object()
        data = s.CollectionDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        collection = collections.collection_decide(
            by=request.user,
            collection_id=int(pk),
            accept=v["decision"] == "accept",
            corrections=v.get("corrections"),
            note=v.get("note", ""),
        )
        return Response(s.CollectionSerializer(collection).data)

    @extend_schema(request=s.CollectionRevealSerializer, responses=s.RevealAnswerSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request: Request, pk: str) -> Response:
        """A submitted ID or phone number in full, for a stated purpose (password or code again; audited)."""
        self.get_object()
        data = s.CollectionRevealSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        require_step_up(request)
        value = collections.collection_reveal(by=request.user, collection_id=int(pk), **data.validated_data)
        return Response({"field": data.validated_data["field"], "value": value})

    @extend_schema(request=s.BulkDecisionSerializer, responses={200: dict})
    @action(detail=False, methods=["post"], url_path="bulk-verify")
    def bulk_verify(self, request: Request) -> Response:
        """One decision for many submissions; each is decided on its own."""
        data = s.BulkDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        results = collections.collection_decide_many(
            by=request.user, collection_ids=v["ids"], accept=v["decision"] == "accept", note=v.get("note", "")
        )
        return Response({"results": {str(k): r for k, r in results.items()}})


class ImportView(APIView):
    """Upload a CSV or xlsx file of persons, houses, units or addresses (`dry_run` to preview)."""

    access = "authenticated"  # the kind's own "add" permission is checked by the import
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(request=s.ImportRequestSerializer, responses={200: dict, 201: dict})
    def post(self, request: Request) -> Response:
        data = s.ImportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        report = import_upload(by=request.user, kind=v["kind"], upload=v["file"], dry_run=v.get("dry_run", False))
        return Response(report_dict(report), status=status.HTTP_200_OK if report.dry_run else status.HTTP_201_CREATED)


class MergeSuggestionViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Possible duplicate persons in the caller's grids (either person), highest probability first.
    `merge` keeps the chosen survivor; `reject` says they are not the same person. Deciding needs
    authority over both persons (403 `outside_scope` otherwise: a station leader decides)."""

    model = MergeSuggestion
    serializer_class = s.MergeSuggestionSerializer
    filterset_class = filters.MergeSuggestionFilterSet
    audit_reads = True
    action_permissions = {"merge": "merge", "reject": "reject"}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return merge_suggestion_list(viewer=self.request.user, action=self.required_action())

    def retrieve(self, request: Request, pk: str) -> Response:
        obj = self.get_object()
        return with_etag(Response(self.get_serializer(obj).data), obj)

    @extend_schema(request=s.MergeRequestSerializer, responses={201: s.MergeRecordSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        """Merge the pair into the chosen survivor (If-Match: the suggestion's ETag, optional)."""
        self.get_object()
        data = s.MergeRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = expected_version(request) if request.headers.get("If-Match") else None
        record = merges.merge_persons(
            by=request.user,
            suggestion_id=int(pk),
            survivor_id=data.validated_data["survivor"],
            expected_version=version,
        )
        return Response(s.MergeRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.RejectRequestSerializer, responses=s.MergeSuggestionSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        """Not the same person: the pair is closed and not suggested again."""
        self.get_object()
        data = s.RejectRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = expected_version(request) if request.headers.get("If-Match") else None
        suggestion = merges.suggestion_reject(
            by=request.user, suggestion_id=int(pk), note=data.validated_data.get("note", ""), expected_version=version
        )
        return with_etag(Response(s.MergeSuggestionSerializer(suggestion).data), suggestion)


class MergeRecordViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Merges of persons in the caller's grids: what moved, by whom; `undo` restores both records."""

    model = MergeRecord
    serializer_class = s.MergeRecordSerializer
    filterset_class = filters.MergeRecordFilterSet
    audit_reads = True
    action_permissions = {"undo": "undo"}
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("survivor__grid", "duplicate__grid", "merged_by", "undone_by")
            .order_by("-merged_at", "-id")
        )

    @extend_schema(request=None, responses=s.MergeRecordSerializer)
    @action(detail=True, methods=["post"])
    def undo(self, request: Request, pk: str) -> Response:
        """Undo the merge: moved links go back, the merged person is restored (409 when the merged
        state has since been built on)."""
        self.get_object()
        record = merges.merge_undo(by=request.user, merge_id=int(pk))
        return Response(s.MergeRecordSerializer(record).data)
