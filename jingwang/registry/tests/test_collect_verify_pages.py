"""The collect form and the verify queue as a grid worker and an officer use them: one address check
on both sides, coded values chosen by their labels, and the grid worker told of the decision."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from jingwang.notifications.models import Notification
from jingwang.registry.models import Collection
from jingwang.registry.services.collections import collection_payload
from jingwang.registry.tests.conftest import A1, make_collection
from jingwang.testing import World, sign_in


def _page(world: World, name: str) -> Client:
    return sign_in(Client(), world.users[name])


def _accept(world: World, collection: Collection, **corrections: str) -> int:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(world.users["officer_a"])
    body = {"decision": "accept", **({"corrections": corrections} if corrections else {})}
    return int(client.post(f"/api/v1/collections/{collection.pk}/verify/", body, format="json").status_code)


def test_the_collect_forms_own_example_address_is_accepted_at_verification(world: World) -> None:
    page = _page(world, "grid_a1")
    placeholder = re.search(r'name="address"[^>]*placeholder="([^"]+)"|placeholder="([^"]+)"[^>]*name="address"',
                            page.get("/registry/collect/").content.decode())  # fmt: skip
    assert placeholder is not None
    example = placeholder.group(1) or placeholder.group(2)
    form = {"kind": "person", "name": "样例居民", "address": example, "grid": world.node(A1).pk}
    assert page.post("/registry/collect/", form).status_code == 302
    collection = Collection.objects.get(submitted_by=world.users["grid_a1"])
    assert _accept(world, collection) == 200
    collection.refresh_from_db()
    assert collection.status == "accepted" and collection.record_type == "registry.person"


def test_an_address_verification_cannot_read_is_refused_at_submission(world: World) -> None:
    page = _page(world, "grid_a1")
    form = {"kind": "person", "name": "样例居民", "address": "宁海路5号2栋1单元302室", "grid": world.node(A1).pk}
    response = page.post("/registry/collect/", form)
    assert response.status_code == 200  # the form again, with the problem beside the address
    assert "无法识别该地址" in response.content.decode()
    assert not Collection.objects.exists()


def test_a_house_submission_from_the_collect_form_carries_no_residence_type(world: World) -> None:
    page = _page(world, "grid_a1")
    # What a browser sends for a house when the person-only fields keep their first choice.
    form = {
        "kind": "house",
        "address": "南京市鼓楼区宁海路5号2栋1单元302室",
        "use": "rented",
        "residence_type": "registered",
        "sex": "1",
        "grid": world.node(A1).pk,
    }
    assert page.post("/registry/collect/", form).status_code == 302
    payload = collection_payload(Collection.objects.get())
    assert payload["use"] == "rented"
    assert "residence_type" not in payload and "sex" not in payload


def test_a_unit_submitted_through_the_api_keeps_no_person_fields(world: World) -> None:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(world.users["grid_a1"])
    address = "南京市鼓楼区宁海路街道宁海路8号"
    values = {"name": "宁海便利店", "address": address, "residence_type": "registered", "sex": "1"}
    body = {"kind": "unit", "values": values, "grid": "320106001001001"}
    assert client.post("/api/v1/collections/", body, format="json").status_code == 201
    payload = collection_payload(Collection.objects.get())
    assert payload["name"] == "宁海便利店"
    assert "residence_type" not in payload and "sex" not in payload


def test_the_collect_form_sends_no_residence_type_unless_one_is_chosen(world: World) -> None:
    html = _page(world, "grid_a1").get("/registry/collect/").content.decode()
    select = re.search(r'<select name="residence_type"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    first = re.search(r'<option value="([^"]*)"', select.group(1))
    assert first is not None and first.group(1) == ""


def test_the_verify_queue_offers_coded_values_by_their_chinese_labels(world: World) -> None:
    make_collection(world, A1, "grid_a1", residence_type="floating", use="rented", sex="2")
    html = _page(world, "officer_a").get("/registry/queue/").content.decode()
    assert "registered" not in re.sub(r'value="[^"]*"', "", html)  # no raw code shown as text
    assert 'placeholder="rented"' not in html and 'placeholder="floating"' not in html
    for field, shown in (("residence_type", "流动人口"), ("use", "出租"), ("sex", "女")):
        select = re.search(rf'<select name="fix_{field}"[^>]*>(.*?)</select>', html, re.S)
        assert select is not None, field
        assert re.search(rf'<option value="" selected>{shown}</option>', select.group(1)), field
    assert '<option value="registered">户籍人口</option>' in html


@pytest.mark.parametrize(
    ("decision", "status", "title"),
    [
        ({"decision": "accept"}, "accepted", "您的采集已通过核查"),
        ({"decision": "accept", "corrections": {"name": "更正居民"}}, "corrected", "您的采集经更正后已通过核查"),
        ({"decision": "reject", "note": "地址不存在"}, "rejected", "您的采集未通过核查"),
    ],
)
def test_the_grid_worker_is_told_when_their_collection_is_decided(
    world: World, decision: dict[str, object], status: str, title: str
) -> None:
    collection = make_collection(world, A1, "grid_a1")
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(world.users["officer_a"])
    assert client.post(f"/api/v1/collections/{collection.pk}/verify/", decision, format="json").status_code == 200
    collection.refresh_from_db()
    assert collection.status == status
    notes = Notification.objects.filter(recipient=world.users["grid_a1"], kind="registry.collection_decided")
    assert [(n.title, n.link, n.subject_id) for n in notes] == [(title, "/registry/collect/", str(collection.pk))]
    if status == "rejected":
        assert "地址不存在" in notes[0].body
    assert not Notification.objects.filter(recipient=world.users["officer_a"], kind="registry.collection_decided")
