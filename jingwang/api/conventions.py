"""Conventions every API resource follows: scope, ETag/If-Match, idempotency (errors and
pagination live in their own modules, which DRF imports while loading its settings)."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any, NoReturn

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from jingwang.api.models import IdempotencyRecord
from jingwang.audit.selectors import audit_read
from jingwang.audit.services import audit_denied, request_route
from jingwang.core.access import has_permission, model_label, refresh_grants
from jingwang.core.errors import NotFound, PreconditionRequired, ServiceError


class CountSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(help_text="matching records within the caller's scope")


# --- Scoped resources -------------------------------------------------------------------------------

READ_ACTIONS = {"list", "retrieve", "count", "history"}
DEFAULT_ACTIONS = {
    "list": "view",
    "retrieve": "view",
    "count": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}


class ModelActionPermission(BasePermission):
    """403 when none of the user's roles may do this action to this kind of record at all."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return has_permission(request.user, view.model, view.required_action())


class ScopedViewSet(GenericViewSet):  # type: ignore[type-arg]
    """Base of every territorial resource: querysets restricted to the caller's scope, objects
    out of scope answered as 404 with an `authz_denied` audit event."""

    access = "scoped"
    model: type[models.Model]
    # Records are addressed by their integer id: anything else is no route at all (a JSON 404
    # from jingwang.api.errors), never a query that fails on a malformed id (SECURITY 20).
    lookup_value_regex = "[0-9]+"
    action_permissions: dict[str, str] = {}
    permission_classes = [IsAuthenticated, ModelActionPermission]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        refresh_grants(request.user)  # grants are computed afresh for every request
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        """Resources holding personal data set `audit_reads`: every list, count and read is audited."""
        if getattr(self, "audit_reads", False) and response.status_code == 200 and self.action in READ_ACTIONS:
            data = response.data
            if isinstance(data, list):  # a record's history: one entry per change
                count = len(data)
            else:
                data = data if isinstance(data, dict) else {}
                count = len(data.get("results", [])) if self.action == "list" else data.get("count", 1)
            audit_read(
                viewer=request.user,
                object_type=model_label(self.model),
                query=dict(request.query_params.items()),
                result_count=count,
                object_id=str(self.kwargs.get(self.lookup_field, "")),
                verb="history" if self.action == "history" else None,
                purpose=getattr(self, "audit_purpose", ""),
            )
        return super().finalize_response(request, response, *args, **kwargs)

    def permission_denied(self, request: Request, message: str | None = None, code: str | None = None) -> NoReturn:
        """A refusal for the role (or a missing step-up) is audited with what was refused."""
        if request.user.is_authenticated and request.successful_authenticator is not None:
            audit_denied(
                actor=request.user,
                object_type=model_label(self.model),
                object_id=str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")),
                details={"reason": code or "role", "action": self.required_action(), "route": request_route(request)},
            )
        super().permission_denied(request, message, code)

    def required_action(self) -> str:
        name = self.action or "list"
        return self.action_permissions.get(name) or DEFAULT_ACTIONS.get(name, "view")

    def get_queryset(self) -> Any:
        return self.model.objects.restrict(self.request.user, self.required_action())  # type: ignore[attr-defined]

    def get_object(self) -> Any:
        lookup = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        obj = self.get_queryset().filter(**{self.lookup_field: lookup}).first()
        if obj is None:
            try:
                exists = self.model._default_manager.filter(**{self.lookup_field: lookup}).exists()
            except (ValueError, TypeError):
                exists = False
            if exists:
                audit_denied(
                    actor=self.request.user,
                    object_type=model_label(self.model),
                    object_id=lookup,
                    details={"reason": "scope", "action": self.required_action(), "route": request_route(self.request)},
                )
            raise NotFound()
        self.check_object_permissions(self.request, obj)
        return obj

    @extend_schema(responses=CountSerializer, filters=True)
    @action(detail=False, methods=["get"])
    def count(self, request: Request) -> Response:
        """How many records match the filters, within the caller's scope."""
        return Response({"count": self.filter_queryset(self.get_queryset()).count()})


# --- ETag / If-Match (SECURITY 23) ---------------------------------------------------------------

_ETAG = re.compile(r'^(?:W/)?"(\d+)"$')


def etag_for(obj: Any) -> str:
    return f'"{obj.version}"'


def expected_version(request: Request) -> int:
    """The version an update was based on, from If-Match: 428 when missing, 412 when unreadable."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired("precondition_required", _("Send If-Match with the ETag of the version you edited."))
    match = _ETAG.match(header)
    if not match:
        from jingwang.core.errors import PreconditionFailed

        raise PreconditionFailed("stale_version", _("Someone changed this record in the meantime; reload it."))
    return int(match.group(1))


def with_etag(response: Response, obj: Any) -> Response:
    response["ETag"] = etag_for(obj)
    return response


# --- Idempotency-Key (SECURITY 24) ---------------------------------------------------------------


class IdempotencyKeyReused(ServiceError):
    status = 422

    def __init__(self) -> None:
        super().__init__("idempotency_key_reused", _("This Idempotency-Key was used for a different request."))


_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def idempotent(request: Request, create: Callable[[], Response]) -> Response:
    """Run a create once per (user, Idempotency-Key): a replay gets the first answer, the same key
    with another body is a 422, and the key is claimed in the same transaction as the create."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return create()
    if not _KEY.match(key):
        raise ServiceError("invalid_idempotency_key", _("Idempotency-Key must be 8-128 letters, digits or ._:-"))
    body = json.dumps(request.data, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()
    for _attempt in range(2):
        existing = IdempotencyRecord.objects.filter(user=request.user, key=key).first()  # type: ignore[misc]
        if existing is not None:
            if existing.request_hash != digest:
                raise IdempotencyKeyReused()
            replay = Response(existing.response, status=existing.status_code)
            replay["Idempotent-Replayed"] = "true"
            return replay
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(user=request.user, key=key, request_hash=digest)  # type: ignore[misc]
                response = create()
                if response.status_code >= 400:
                    transaction.set_rollback(True)
                    return response
                record.status_code = response.status_code
                record.response = json.loads(json.dumps(response.data, default=str))
                record.save(update_fields=["status_code", "response"])
                return response
        except IntegrityError:
            continue  # a concurrent request with the same key won; answer with its result
    raise ServiceError("idempotency_conflict", _("A request with this Idempotency-Key is in progress."))
