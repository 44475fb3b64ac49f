from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jingwang.api.conventions import ScopedViewSet, expected_version, with_etag
from jingwang.api.pagination import DefaultCursorPagination
from jingwang.core.types import actor
from jingwang.territory import services, spatial
from jingwang.territory.api.serializers import (
    LocateSerializer,
    NodeDetailSerializer,
    NodeSerializer,
    NodeUpdateSerializer,
)
from jingwang.territory.filters import NodeFilterSet
from jingwang.territory.models import Node


class NodePagination(DefaultCursorPagination):
    ordering = ("code", "id")


class NodeViewSet(ScopedViewSet, mixins.ListModelMixin):
    """Territory nodes of both trees within the caller's scope (and the ancestors above it)."""

    model = Node
    filterset_class = NodeFilterSet
    pagination_class = NodePagination
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("parent", "police_district")

    def get_serializer_class(self) -> Any:
        return NodeDetailSerializer if self.action == "retrieve" else NodeSerializer

    def retrieve(self, request: Request, pk: str) -> Response:
        node = self.get_object()
        return with_etag(Response(NodeDetailSerializer(node).data), node)

    @extend_schema(request=NodeUpdateSerializer, responses=NodeDetailSerializer)
    def partial_update(self, request: Request, pk: str) -> Response:
        self.get_object()  # 404 (and the denial audit) before anything else
        version = expected_version(request)
        data = NodeUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        node = services.node_update(by=actor(request), node_id=int(pk), expected_version=version, **data.validated_data)
        return with_etag(Response(NodeDetailSerializer(node).data), node)

    @extend_schema(parameters=[LocateSerializer], responses=NodeSerializer)
    @action(detail=False, methods=["get"])
    def locate(self, request: Request) -> Response:
        """The grid containing a WGS-84 point, when it lies within the caller's scope."""
        params = LocateSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        grid_id = spatial.locator().locate(params.validated_data["lon"], params.validated_data["lat"])
        grid = self.get_queryset().filter(pk=grid_id).first() if grid_id else None
        if grid is None:
            from jingwang.core.errors import NotFound

            raise NotFound()
        return Response(NodeSerializer(grid).data)
