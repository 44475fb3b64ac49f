"""Persons: validation, encrypted identifiers, masked output, search, history, audited reveal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from jingwang.audit.models import AuditEvent
from jingwang.core.errors import ServiceError
from jingwang.core.identity import synthetic_id_number
from jingwang.registry.models import Change, Person
from jingwang.registry.services import persons, places
from jingwang.registry.tests.conftest import A1, make_person
from jingwang.testing import PASSWORD, World


def _api(world: World, name: str, **extra: str) -> APIClient:
    client = APIClient(**extra)  # type: ignore[arg-type]
    client.force_authenticate(world.users[name])
    return client


def test_id_number_is_stored_encrypted_with_a_blind_index_and_shown_masked(world: World) -> None:
    number = synthetic_id_number(region="320106", birth=date(1985, 3, 7), seq=123)
    person = persons.person_create(by=None, grid=world.node(A1), data={"name": "王测试", "id_number": number})
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM registry_person WHERE id = %s", [person.pk])
        row = " ".join(str(v) for v in cursor.fetchone())
    assert number not in row
    assert person.id_number_masked == f"{number[:6]}********{number[-4:]}"
    assert person.birth_date == date(1985, 3, 7) and person.sex in ("1", "2")
    body = _api(world, "officer_a").get(f"/api/v1/persons/{person.pk}/").json()
    assert body["id_number"] == person.id_number_masked and number not in str(body)


def test_bad_id_number_is_a_clear_400_and_nothing_is_saved(world: World) -> None:
    client = _api(world, "officer_a", HTTP_ACCEPT_LANGUAGE="en")
    good = synthetic_id_number(region="320106", birth=date(1985, 3, 7), seq=5)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = client.post(
        "/api/v1/persons/", {"name": "错号", "id_number": bad, "grid": "320106001001001"}, format="json"
    )
    assert response.status_code == 400 and "check digit" in response.json()["error"]["fields"]["id_number"][0]
    assert not Person.objects.filter(name="错号").exists()


def test_birth_date_that_contradicts_the_id_number_is_refused(world: World) -> None:
    number = synthetic_id_number(region="320106", birth=date(1985, 3, 7), seq=9)
    with pytest.raises(ServiceError) as err:
        persons.person_create(
            by=None, grid=world.node(A1), data={"name": "冲突", "id_number": number, "birth_date": "1986-01-01"}
        )
    assert "birth_date" in err.value.fields


@pytest.mark.parametrize("query_kind", ["id", "phone", "name", "pinyin", "name_and_birth", "birth"])
def test_search_finds_by_id_phone_name_pinyin_and_birth_date_within_scope(
    world: World, registry: dict[str, Any], query_kind: str
) -> None:
    person = registry["person_a"]
    number = persons.person_reveal(by=world.officer_a, person_id=person.pk, field="id_number", purpose="test")
    queries = {
        "id": number,
        "phone": "138-1234-5678",
        "name": "甲居",
        "pinyin": "jiaju",
        "name_and_birth": "甲居民 1985年3月7日",
        "birth": "19850307",
    }
    found = _api(world, "officer_a").get("/api/v1/persons/", {"q": queries[query_kind]}).json()["results"]
    assert [p["id"] for p in found] == [person.pk]


def test_search_never_reaches_another_district(world: World, registry: dict[str, Any]) -> None:
    other = registry["person_b"]
    number = persons.person_reveal(by=world.officer_b, person_id=other.pk, field="id_number", purpose="test")
    assert _api(world, "officer_a").get("/api/v1/persons/", {"q": number}).json()["results"] == []


def test_changes_keep_history_with_identifiers_masked(world: World, registry: dict[str, Any]) -> None:
    person = registry["person_a"]
    client = _api(world, "officer_a")
    response = client.patch(
        f"/api/v1/persons/{person.pk}/",
        {"phone": "13900001111", "former_names": "甲曾用名"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200 and response.json()["phone"] == "139****1111"
    history = client.get(f"/api/v1/persons/{person.pk}/history/").json()
    phone = next(h for h in history if h["field"] == "phone")
    assert phone["old"] == "138****5678" and phone["new"] == "139****1111" and phone["changed_by"] == "officer_a"
    assert not Change.objects.filter(new__contains="13900001111").exists()


def test_reveal_needs_a_purpose_and_the_password_again_and_is_audited(world: World, registry: dict[str, Any]) -> None:
    person = registry["person_a"]
    client = _api(world, "officer_a")
    refused = client.post(f"/api/v1/persons/{person.pk}/reveal/", {"field": "phone", "purpose": "核查"}, format="json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "reauth_required"
    client.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)
    shown = client.post(
        f"/api/v1/persons/{person.pk}/reveal/", {"field": "phone", "purpose": "上门核查"}, format="json"
    )
    assert shown.json() == {"field": "phone", "value": "13812345678"}
    event = AuditEvent.objects.filter(action="registry.person.reveal").latest("id")
    assert event.purpose == "上门核查" and event.details == {"field": "phone"}
    assert "13812345678" not in str(AuditEvent.objects.values_list("query", "details", "object_id"))


def test_grid_worker_cannot_reveal(world: World, registry: dict[str, Any]) -> None:
    client = _api(world, "grid_a1")
    client.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)
    response = client.post(
        f"/api/v1/persons/{registry['person_a'].pk}/reveal/", {"field": "phone", "purpose": "x"}, format="json"
    )
    assert response.status_code == 403


def test_every_list_and_read_of_persons_is_audited(world: World, registry: dict[str, Any]) -> None:
    client = _api(world, "aux_a")
    results = client.get("/api/v1/persons/", {"q": "甲"}).json()["results"]
    listed = AuditEvent.objects.filter(action="registry.person.list").latest("id")
    assert listed.actor_id == world.aux_a.pk and listed.result_count == len(results) and listed.query == {"q": "甲"}


def test_retired_person_leaves_the_list_but_keeps_history(world: World, registry: dict[str, Any]) -> None:
    person = registry["person_a"]
    client = _api(world, "officer_a")
    assert client.delete(f"/api/v1/persons/{person.pk}/?reason=moved").status_code == 204
    assert client.get(f"/api/v1/persons/{person.pk}/").status_code == 404
    assert Person.objects.filter(pk=person.pk, is_active=False).exists()
    assert Change.objects.filter(record_type="registry.person", record_id=person.pk, field="is_active").exists()


def test_pinyin_key_reads_surnames_as_surnames(world: World) -> None:
    assert make_person(world, A1, "单明").name_pinyin == "shanming"
    assert make_person(world, A1, "曾国强").name_pinyin == "zengguoqiang"


def test_address_match_finds_exact_alias_and_scored_candidates(world: World) -> None:
    exact = places.address_resolve(by=None, text="南京市鼓楼区宁海路街道宁海路5号2栋1单元302室", grid=world.node(A1))
    places.address_resolve(by=None, text="南京市鼓楼区宁海路街道宁海路5号2栋1单元303室", grid=world.node(A1))
    client = _api(world, "officer_a")
    same = client.get("/api/v1/addresses/match/", {"text": "江苏南京鼓楼宁海路街道宁海路五号二栋一单元三〇二室"}).json()
    assert same["kind"] == "canonical" and same["address"]["id"] == exact.pk
    # Without the township the text is not the standard one: the best candidate is still the right one.
    loose = client.get("/api/v1/addresses/match/", {"text": "南京鼓楼宁海路五号二栋一单元三〇二室"}).json()
    assert loose["kind"] == "candidates" and loose["candidates"][0]["address"]["id"] == exact.pk
    near = client.get("/api/v1/addresses/match/", {"text": "南京市鼓楼区宁海路5号2栋1单元304室"}).json()
    assert near["kind"] == "candidates" and len(near["candidates"]) == 2
    assert all(0 < c["score"] < 1 for c in near["candidates"])
    assert (
        _api(world, "officer_b")
        .get("/api/v1/addresses/match/", {"text": "南京市鼓楼区宁海路5号2栋1单元304室"})
        .json()["candidates"]
        == []
    )
