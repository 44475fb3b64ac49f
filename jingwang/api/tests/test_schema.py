"""SECURITY 9 item 14: the OpenAPI schema describes what the API returns. Representative answers
(a count, histories and timelines that are arrays, a nullable field, an error) are validated
against the schema generated for them; the battery (`jingwang battery`) does the same for every
operation against the running server."""

from __future__ import annotations

from datetime import date
from typing import Any

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from jingwang.casework.models import Department
from jingwang.casework.testing import open_sample
from jingwang.core.identity import synthetic_id_number
from jingwang.registry.services import persons
from jingwang.testing import World
from jingwang.workorders.services import workorder_raise

pytestmark = pytest.mark.django_db
_OPENAPI_ONLY = {"nullable", "readOnly", "writeOnly", "example", "discriminator", "xml", "externalDocs"}


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


def _json_schema(node: Any, *, properties: bool = False) -> Any:
    """OpenAPI 3.0 → JSON Schema: `nullable: true` becomes "or null", references point at $defs."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    if properties:  # keys are field names here, not keywords
        return {name: _json_schema(value) for name, value in node.items()}
    out = {
        key: _json_schema(value, properties=key == "properties")
        for key, value in node.items()
        if key not in _OPENAPI_ONLY
    }
    if "$ref" in out:
        out["$ref"] = out["$ref"].replace("#/components/schemas/", "#/$defs/")
    return {"anyOf": [out, {"type": "null"}]} if node.get("nullable") else out


def assert_documented(openapi: dict[str, Any], path: str, method: str, response: Any) -> None:
    documented = openapi["paths"][path][method]["responses"]
    assert str(response.status_code) in documented, f"{method.upper()} {path} answers an undocumented {response}"
    schema = documented[str(response.status_code)]["content"]["application/json"]["schema"]
    definitions = {name: _json_schema(s) for name, s in openapi["components"]["schemas"].items()}
    jsonschema.Draft202012Validator({**_json_schema(schema), "$defs": definitions}).validate(response.json())


def _client(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[name])
    return client


def test_a_count_is_documented_as_a_count(world: World, openapi: dict[str, Any]) -> None:
    response = _client(world, "officer_a").get("/api/v1/persons/count/")
    assert response.status_code == 200
    assert_documented(openapi, "/api/v1/persons/count/", "get", response)


def test_a_record_history_is_documented_as_an_array(world: World, openapi: dict[str, Any]) -> None:
    data = {"name": "甲居民", "id_number": synthetic_id_number(region="320106", birth=date(1985, 3, 7), seq=37)}
    person = persons.person_create(by=None, grid=world.node("grid:320106001001001"), data=data)
    client = _client(world, "officer_a")
    changed = client.patch(f"/api/v1/persons/{person.pk}/", {"former_names": "甲"}, format="json", HTTP_IF_MATCH='"1"')
    assert changed.status_code == 200
    response = client.get(f"/api/v1/persons/{person.pk}/history/")
    assert response.status_code == 200 and response.json()
    assert_documented(openapi, "/api/v1/persons/{id}/history/", "get", response)


def test_a_case_timeline_and_its_delays_are_documented_as_arrays(world: World, openapi: dict[str, Any]) -> None:
    case = open_sample(world)
    client = _client(world, "officer_a")
    made = client.post(f"/api/v1/cases/{case.pk}/request-delay/", {"hours": 24, "reason": "等鉴定"}, format="json")
    assert_documented(openapi, "/api/v1/cases/{id}/request-delay/", "post", made)
    timeline = client.get(f"/api/v1/cases/{case.pk}/timeline/")
    assert timeline.status_code == 200 and len(timeline.json()) == 2
    assert_documented(openapi, "/api/v1/cases/{id}/timeline/", "get", timeline)
    delays = client.get(f"/api/v1/cases/{case.pk}/delays/")
    assert delays.status_code == 200 and len(delays.json()) == 1
    assert_documented(openapi, "/api/v1/cases/{id}/delays/", "get", delays)


def test_a_field_that_may_be_empty_is_documented_as_nullable(world: World, openapi: dict[str, Any]) -> None:
    order = workorder_raise(
        by=world.grid_a1,
        grid=world.node("grid:320106001001001"),
        department=Department.objects.create(name="城管局"),
        title="井盖缺失",
        description="宁海路5号门口井盖缺失",
    )
    response = _client(world, "grid_a1").get(f"/api/v1/workorders/{order.pk}/")
    assert response.status_code == 200 and response.json()["source_case"] is None
    assert_documented(openapi, "/api/v1/workorders/{id}/", "get", response)


def test_errors_are_documented_in_the_one_error_format(world: World, openapi: dict[str, Any]) -> None:
    client = _client(world, "officer_a")
    missing = client.get("/api/v1/persons/987654/")
    assert missing.status_code == 404
    assert_documented(openapi, "/api/v1/persons/{id}/", "get", missing)
    invalid = client.post("/api/v1/notifications/mark-read/", {"ids": ["x"]}, format="json")
    assert invalid.status_code == 400
    assert_documented(openapi, "/api/v1/notifications/mark-read/", "post", invalid)


def test_a_search_that_pages_is_documented_with_the_page_envelope(world: World, openapi: dict[str, Any]) -> None:
    data = {"name": "乙居民", "id_number": synthetic_id_number(region="320106", birth=date(1986, 4, 8), seq=39)}
    persons.person_create(by=None, grid=world.node("grid:320106001001001"), data=data)
    response = _client(world, "officer_a").post("/api/v1/persons/search/", {}, format="json")
    assert response.status_code == 200 and response.json()["results"]
    assert_documented(openapi, "/api/v1/persons/search/", "post", response)
