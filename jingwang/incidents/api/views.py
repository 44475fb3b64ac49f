"""Incidents API: list and read in scope (filtered as the list page), and the dispatch system's
feed: POST one incident or a list of them, idempotent on the incident number."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.api.conventions import ScopedViewSet
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.incidents.api import serializers as s
from jingwang.incidents.filters import IncidentFilterSet
from jingwang.incidents.models import Incident, Source
from jingwang.incidents.selectors import incident_list
from jingwang.incidents.services import record_incidents

MAX_BATCH = 1000


class IncidentViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Incidents in scope (by the grid they lie in)."""

    model = Incident
    audit_reads = True
    serializer_class = s.IncidentSerializer
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = IncidentFilterSet
    search_fields: list[str] = []

    def get_queryset(self) -> Any:
        return incident_list(viewer=self.request.user, action=self.required_action())

    @extend_schema(request=s.IncidentInSerializer(many=True), responses=s.RecordResultSerializer)
    def create(self, request: Request) -> Response:
        """Record one incident (an object) or a batch (a list of up to 1,000). A batch with a bad
        incident stores nothing and answers 400 with every problem by its position; numbers
        already recorded are counted as present and left as they are (201 either way)."""
        data = request.data
        many = isinstance(data, list)
        if many and not 0 < len(data) <= MAX_BATCH:
            raise ServiceError("invalid", _("Send from 1 to %(max)s incidents at a time.") % {"max": MAX_BATCH})
        incoming = s.IncidentInSerializer(data=data, many=many)
        if not incoming.is_valid():
            raise ServiceError("invalid", _("Some fields are invalid."), fields=_errors(incoming.errors, many))
        rows = incoming.validated_data if many else [incoming.validated_data]
        result = record_incidents([dict(r) for r in rows], by=actor(request), source=Source.FEED, all_or_nothing=True)
        if result.bad:
            fields: dict[str, list[Any]] = {}
            for p in result.problems:
                key = f"{p.line - 1}.{p.field}" if many else p.field
                fields.setdefault(key, []).append(p.message)
            raise ServiceError("invalid", _("Some incidents are invalid: nothing was recorded."), fields=fields)
        return Response(s.RecordResultSerializer(result).data, status=status.HTTP_201_CREATED)


def _errors(errors: Any, many: bool) -> dict[str, list[Any]]:
    if not many:
        return dict(errors)
    out: dict[str, list[Any]] = {}
    for i, item in enumerate(errors):
        for name, messages in (item or {}).items():
            out[f"{i}.{name}"] = list(messages)
    return out
