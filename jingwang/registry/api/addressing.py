"""POST /api/v1/addresses/parse/: free-text addresses to standard components (no data is read or
written, so any signed-in user may call it)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jingwang.registry.addressing import parse_address

MAX_TEXTS = 1000
MAX_LENGTH = 500


class AddressParseRequestSerializer(serializers.Serializer[Any]):
    """One address in `text`, or up to 1,000 in `texts`; `prefer` breaks ties between places."""

    text = serializers.CharField(required=False, max_length=MAX_LENGTH, trim_whitespace=True)
    texts = serializers.ListField(
        child=serializers.CharField(max_length=MAX_LENGTH, trim_whitespace=True, allow_blank=True),
        required=False,
        max_length=MAX_TEXTS,
    )
    prefer = serializers.RegexField(
        r"^\d{6}(\d{3})?$",
        required=False,
        allow_blank=True,
        error_messages={"invalid": gettext_lazy("Enter a 6- or 9-digit division code.")},
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("text" in attrs) == ("texts" in attrs):
            raise serializers.ValidationError(_("Send either text or texts."))
        return attrs


class ParsedAddressSerializer(serializers.Serializer[Any]):
    input = serializers.CharField()
    province = serializers.CharField()
    city = serializers.CharField()
    district = serializers.CharField()
    subdistrict = serializers.CharField()
    community = serializers.CharField()
    group = serializers.CharField(help_text="village group (村民小组), as 3组; never a road")
    road = serializers.CharField()
    road_number = serializers.CharField()
    compound = serializers.CharField()
    building = serializers.CharField()
    unit = serializers.CharField()
    floor = serializers.CharField()
    room = serializers.CharField()
    note = serializers.CharField(help_text="where or what the place is (门面房, 东门) as written; not a component")
    division_code = serializers.CharField(help_text="6-digit county code; empty when the county is not settled")
    township_code = serializers.CharField(help_text="9-digit township code; empty when not settled")
    canonical = serializers.CharField()
    confidence = serializers.FloatField(min_value=0, max_value=1)


class ParsedAddressListSerializer(serializers.Serializer[Any]):
    results = ParsedAddressSerializer(many=True)


def _parsed(text: str, prefer: str) -> dict[str, Any]:
    return {"input": text, **parse_address(text, prefer=prefer).as_dict()}


class AddressParseView(APIView):
    """Split free-text addresses into standard components, division codes and canonical text.

    `{"text": ...}` answers with one parsed address; `{"texts": [...]}` with `{"results": [...]}`
    in the same order.
    """

    access = "authenticated"
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AddressParseRequestSerializer,
        responses=PolymorphicProxySerializer(
            component_name="AddressParseResult",
            serializers=[ParsedAddressSerializer, ParsedAddressListSerializer],
            resource_type_field_name=None,
        ),
        examples=[
            OpenApiExample("one address", request_only=True, value={"text": "江苏南京鼓楼宁海路街道北京西路123号"}),
            OpenApiExample("several", request_only=True, value={"texts": ["…", "…"], "prefer": "320100"}),
        ],
    )
    def post(self, request: Request) -> Response:
        data = AddressParseRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        prefer = v.get("prefer") or ""
        if "text" in v:
            return Response(_parsed(v["text"], prefer))
        return Response({"results": [_parsed(text, prefer) for text in v["texts"]]})
