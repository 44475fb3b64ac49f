"""API conventions every resource follows: errors, ETag/If-Match, Idempotency-Key, the schema."""

from __future__ import annotations

import re
from typing import Any

from rest_framework.test import APIClient

from jingwang.accounts.models import RosterMember
from jingwang.testing import World, sign_in


def _client(world: World, name: str, **headers: str) -> APIClient:
    client = APIClient(**headers)  # type: ignore[arg-type]
    client.force_authenticate(world.users[name])
    return client


def _member(world: World) -> RosterMember:
    return RosterMember.objects.create(
        police_district=world.node("police_district:320106001001"), position="auxiliary", name="甲辅警"
    )


def test_errors_have_one_format_in_chinese_by_default(world: World) -> None:
    response = _client(world, "officer_a").get("/api/v1/roster/987654/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "未找到。"}}


def test_errors_speak_english_when_asked(world: World) -> None:
    response = _client(world, "officer_a", HTTP_ACCEPT_LANGUAGE="en").get("/api/v1/roster/987654/")
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}


def test_validation_errors_name_the_fields(world: World) -> None:
    response = _client(world, "officer_a", HTTP_ACCEPT_LANGUAGE="en").post(
        "/api/v1/roster/", {"position": "boss"}, format="json"
    )
    body = response.json()["error"]
    assert response.status_code == 400 and body["code"] == "invalid" and "position" in body["fields"]


def test_writing_a_field_the_role_may_not_write_is_refused(world: World) -> None:
    member = _member(world)
    client = _client(world, "officer_a")
    response = client.patch(
        f"/api/v1/roster/{member.pk}/", {"police_district": "320106001002"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 400
    unknown = client.patch(f"/api/v1/roster/{member.pk}/", {"version": 9}, format="json", HTTP_IF_MATCH='"1"')
    assert unknown.status_code == 400 and "version" in unknown.json()["error"]["fields"]
    member.refresh_from_db()
    assert member.police_district.code == "320106001001" and member.version == 1


def test_update_without_if_match_is_428_and_changes_nothing(world: World) -> None:
    member = _member(world)
    response = _client(world, "officer_a").patch(f"/api/v1/roster/{member.pk}/", {"duty": "巡逻"}, format="json")
    assert response.status_code == 428 and response.json()["error"]["code"] == "precondition_required"
    member.refresh_from_db()
    assert member.duty == ""


def test_update_from_a_stale_version_is_412_and_changes_nothing(world: World) -> None:
    member = _member(world)
    client = _client(world, "officer_a")
    etag = client.get(f"/api/v1/roster/{member.pk}/")["ETag"]
    assert (
        client.patch(f"/api/v1/roster/{member.pk}/", {"duty": "巡逻"}, format="json", HTTP_IF_MATCH=etag).status_code
        == 200
    )
    stale = client.patch(f"/api/v1/roster/{member.pk}/", {"duty": "值班"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    member.refresh_from_db()
    assert member.duty == "巡逻" and member.version == 2


def test_update_returns_the_new_etag(world: World) -> None:
    member = _member(world)
    response = _client(world, "officer_a").patch(
        f"/api/v1/roster/{member.pk}/", {"duty": "巡逻"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response["ETag"] == '"2"'


def test_idempotency_key_replays_the_first_result_and_creates_once(world: World) -> None:
    client = _client(world, "officer_a")
    body = {"police_district": "320106001001", "position": "social_force", "name": "保安甲"}
    first = client.post("/api/v1/roster/", body, format="json", HTTP_IDEMPOTENCY_KEY="device-7f3a-0001")
    again = client.post("/api/v1/roster/", body, format="json", HTTP_IDEMPOTENCY_KEY="device-7f3a-0001")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert RosterMember.objects.filter(name="保安甲").count() == 1


def test_idempotency_key_with_a_different_body_is_422(world: World) -> None:
    client = _client(world, "officer_a")
    body = {"police_district": "320106001001", "position": "social_force", "name": "保安甲"}
    client.post("/api/v1/roster/", body, format="json", HTTP_IDEMPOTENCY_KEY="device-7f3a-0002")
    other = client.post(
        "/api/v1/roster/", {**body, "name": "保安乙"}, format="json", HTTP_IDEMPOTENCY_KEY="device-7f3a-0002"
    )
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"
    assert not RosterMember.objects.filter(name="保安乙").exists()


def test_a_failed_create_does_not_burn_its_idempotency_key(world: World) -> None:
    client = _client(world, "officer_a")
    bad = client.post(
        "/api/v1/roster/",
        {"police_district": "320106001001", "position": "social_force"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="device-7f3a-0003",
    )
    assert bad.status_code == 400
    good = client.post(
        "/api/v1/roster/",
        {"police_district": "320106001001", "position": "social_force", "name": "保安丙"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="device-7f3a-0003",
    )
    assert good.status_code == 201


def test_lists_are_cursor_paginated(world: World) -> None:
    body = _client(world, "sysadmin").get("/api/v1/territory/nodes/", {"page_size": 3}).json()
    assert set(body) == {"next", "previous", "results"} and len(body["results"]) == 3
    assert "cursor=" in body["next"]


def test_openapi_schema_is_generated_and_its_docs_page_ships_its_assets(client: Any, world: World) -> None:
    sign_in(client, world.officer_a)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/territory/nodes/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert not re.search(r"(src|href)=[\"']https?://", docs)
    assert "swagger-ui" in docs
