"""Police offices API: offices in scope with the standard they meet and the staff on duty; POST
adds one, PATCH changes one (If-Match with the version, when sent, is checked)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.accounts.models import User
from jingwang.api.conventions import ScopedViewSet, expected_version
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.offices import services
from jingwang.offices.api import serializers as s
from jingwang.offices.filters import OfficeFilterSet
from jingwang.offices.models import PoliceOffice
from jingwang.territory.models import Node, NodeKind


def _valid(serializer: Any) -> dict[str, Any]:
    if not serializer.is_valid():
        raise ServiceError("invalid", _("Some fields are invalid."), fields=serializer.errors)
    return dict(serializer.validated_data)


def _users(ids: list[int] | None) -> list[User] | None:
    if ids is None:
        return None
    users = list(User.objects.filter(pk__in=ids))
    if len(users) != len(set(ids)):
        raise ServiceError(
            "invalid",
            _("Some fields are invalid."),
            fields={"on_duty": [_("Only officers of this police district can be on duty here.")]},
        )
    return users


class OfficeViewSet(ScopedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    """Police offices (警务室) in scope."""

    model = PoliceOffice
    serializer_class = s.OfficeSerializer
    filterset_class = OfficeFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("district").prefetch_related("on_duty").order_by("pk")

    @extend_schema(request=s.OfficeInput, responses=s.OfficeSerializer)
    def create(self, request: Request) -> Response:
        d = _valid(s.OfficeInput(data=request.data))
        district = Node.objects.filter(kind=NodeKind.POLICE_DISTRICT, code=d.pop("district")).first()
        if district is None:
            raise ServiceError(
                "invalid",
                _("Some fields are invalid."),
                fields={"district": [_("Choose a police district in your area.")]},
            )
        on_duty = _users(d.pop("on_duty", None))
        office = services.office_create(by=actor(request), district=district, on_duty=on_duty, **d)
        return Response(s.OfficeSerializer(office).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.OfficePatch, responses=s.OfficeSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        office = self.get_object()
        d = _valid(s.OfficePatch(data=request.data))
        on_duty = _users(d.pop("on_duty", None))
        version = expected_version(request) if request.headers.get("If-Match") else None
        office = services.office_update(by=actor(request), office_id=office.pk, version=version, on_duty=on_duty, **d)
        return Response(s.OfficeSerializer(office).data)
