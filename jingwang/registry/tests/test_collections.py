"""Collect → verify: submissions, decisions, deadlines, and that a failure changes nothing."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from jingwang.audit.models import AuditEvent
from jingwang.core import crypto
from jingwang.core.identity import synthetic_id_number
from jingwang.registry.models import Address, Collection, House, Person, Residence
from jingwang.registry.services.collections import PAYLOAD_CONTEXT, collection_payload
from jingwang.registry.tests.conftest import A1, B1, make_collection
from jingwang.testing import World

ADDRESS = "南京市鼓楼区宁海路街道宁海路5号2栋1单元302室"


def _api(world: World, name: str) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(world.users[name])
    return client


def _submit(world: World, who: str = "grid_a1", **values: Any) -> dict[str, Any]:
    body = {"kind": "person", "values": {"name": "新居民", "address": ADDRESS, **values}, "grid": "320106001001001"}
    response = _api(world, who).post("/api/v1/collections/", body, format="json")
    assert response.status_code == 201, response.content
    return dict(response.json())


def test_accepting_a_submission_creates_address_house_person_and_residence(world: World) -> None:
    number = synthetic_id_number(region="320106", birth=date(1990, 5, 17), seq=11)
    submitted = _submit(world, id_number=number, phone="13912345678")
    assert submitted["status"] == "pending" and number not in str(submitted)
    decided = _api(world, "officer_a").post(
        f"/api/v1/collections/{submitted['id']}/verify/", {"decision": "accept"}, format="json"
    )
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"
    person = Person.objects.get(pk=decided.json()["record_id"])
    assert person.name == "新居民" and person.verified_at is not None and person.grid.code == "320106001001001"
    residence = Residence.objects.get(person=person)
    assert residence.house.address.canonical.endswith("宁海路5号2栋1单元302室") and residence.until is None
    assert AuditEvent.objects.filter(action="registry.collection.accepted", object_id=str(submitted["id"])).exists()


def test_a_second_submission_for_the_same_id_updates_the_person(world: World) -> None:
    number = synthetic_id_number(region="320106", birth=date(1990, 5, 17), seq=12)
    first = _submit(world, id_number=number)
    _api(world, "officer_a").post(f"/api/v1/collections/{first['id']}/verify/", {"decision": "accept"}, format="json")
    second = _submit(world, id_number=number, phone="13700001111")
    _api(world, "officer_a").post(f"/api/v1/collections/{second['id']}/verify/", {"decision": "accept"}, format="json")
    assert Person.objects.filter(name="新居民").count() == 1
    assert Person.objects.get(name="新居民").phone_masked == "137****1111"


def test_corrections_are_applied_and_marked(world: World) -> None:
    submitted = _submit(world, name="新居民错字")
    decided = _api(world, "officer_a").post(
        f"/api/v1/collections/{submitted['id']}/verify/",
        {"decision": "accept", "corrections": {"name": "新居民"}},
        format="json",
    )
    assert decided.json()["status"] == "corrected"
    assert Person.objects.filter(name="新居民").exists() and not Person.objects.filter(name="新居民错字").exists()


def test_a_decision_that_fails_halfway_leaves_everything_as_it_was(world: World) -> None:
    submitted = _submit(world)
    bad = _api(world, "officer_a").post(
        f"/api/v1/collections/{submitted['id']}/verify/",
        {"decision": "accept", "corrections": {"id_number": "320106199005171234"}},
        format="json",
    )
    assert bad.status_code == 400 and "id_number" in bad.json()["error"]["fields"]
    assert Collection.objects.get(pk=submitted["id"]).status == "pending"
    assert not Person.objects.exists() and not Address.objects.exists() and not House.objects.exists()


def test_rejection_needs_a_reason_and_the_submitter_sees_it(world: World) -> None:
    submitted = _submit(world)
    client = _api(world, "officer_a")
    assert (
        client.post(f"/api/v1/collections/{submitted['id']}/verify/", {"decision": "reject"}, format="json").status_code
        == 400
    )
    client.post(
        f"/api/v1/collections/{submitted['id']}/verify/", {"decision": "reject", "note": "地址不存在"}, format="json"
    )
    mine = _api(world, "grid_a1").get(f"/api/v1/collections/{submitted['id']}/").json()
    assert mine["status"] == "rejected" and mine["decision_note"] == "地址不存在"
    again = client.post(f"/api/v1/collections/{submitted['id']}/verify/", {"decision": "accept"}, format="json")
    assert again.status_code == 409


def test_only_the_responsible_officer_verifies(world: World) -> None:
    submitted = _submit(world)
    assert (
        _api(world, "grid_a1")
        .post(f"/api/v1/collections/{submitted['id']}/verify/", {"decision": "accept"}, format="json")
        .status_code
        == 403
    )
    assert (
        _api(world, "officer_b")
        .post(f"/api/v1/collections/{submitted['id']}/verify/", {"decision": "accept"}, format="json")
        .status_code
        == 404
    )
    assert Collection.objects.get(pk=submitted["id"]).status == "pending"


def test_a_grid_worker_cannot_submit_for_another_grid(world: World) -> None:
    body = {"kind": "person", "values": {"name": "越界", "address": ADDRESS}, "grid": "320106001002001"}
    response = _api(world, "grid_a1").post("/api/v1/collections/", body, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "outside_scope"
    assert not Collection.objects.exists()


def test_bad_values_are_refused_at_submission_with_field_messages(world: World) -> None:
    body = {"kind": "person", "values": {"name": "", "address": "", "phone": "12345"}, "grid": "320106001001001"}
    error = _api(world, "grid_a1").post("/api/v1/collections/", body, format="json").json()["error"]
    assert set(error["fields"]) >= {"name", "address", "phone"}


def test_submissions_become_overdue_after_the_deadline(world: World) -> None:
    collection = make_collection(world, A1, "grid_a1")
    client = _api(world, "officer_a")
    assert client.get("/api/v1/collections/", {"overdue": "true"}).json()["results"] == []
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        late = client.get("/api/v1/collections/", {"overdue": "true"}).json()["results"]
    assert [c["id"] for c in late] == [collection.pk] and late[0]["overdue"] is True


def test_bulk_accept_decides_each_on_its_own(world: World) -> None:
    good = make_collection(world, A1, "grid_a1")
    bad = make_collection(world, A1, "grid_a1")
    # Submitted before addresses were checked at submission: the same check refuses it now.
    payload = {**collection_payload(bad), "address": "不知道哪里"}
    Collection.objects.filter(pk=bad.pk).update(
        payload_enc=crypto.encrypt(json.dumps(payload), context=PAYLOAD_CONTEXT)
    )
    other = make_collection(world, B1, "grid_b1")
    response = _api(world, "officer_a").post(
        "/api/v1/collections/bulk-verify/", {"ids": [good.pk, bad.pk, other.pk], "decision": "accept"}, format="json"
    )
    results = response.json()["results"]
    assert results[str(good.pk)] == "accepted" and results[str(bad.pk)] == "invalid"
    assert results[str(other.pk)] == "not_found"
    assert Collection.objects.get(pk=bad.pk).status == "pending"


@pytest.mark.parametrize("kind", ["unit", "address"])
def test_units_and_addresses_can_be_collected(world: World, kind: str) -> None:
    values = (
        {"name": "宁海便利店", "credit_code": "", "address": "南京市鼓楼区宁海路街道宁海路8号"}
        if kind == "unit"
        else {"address": ADDRESS}
    )
    body = {"kind": kind, "values": values, "grid": "320106001001001"}
    submitted = _api(world, "grid_a1").post("/api/v1/collections/", body, format="json").json()
    decided = _api(world, "officer_a").post(
        f"/api/v1/collections/{submitted['id']}/verify/", {"decision": "accept"}, format="json"
    )
    assert decided.json()["record_type"] == f"registry.{kind}"
