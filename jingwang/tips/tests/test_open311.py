"""Open311 GeoReport v2 at /open311/v2/: services, requests, keys; what a reader may learn; and an
off-the-shelf GeoReport client (PyPI `georeport`, written by others) against a live server."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from django.test import Client, override_settings

from jingwang.casework.models import Case
from jingwang.testing import World, build_world
from jingwang.tips import services
from jingwang.tips.catalogue import seed_categories
from jingwang.tips.models import ApiClient, Category, Tip
from jingwang.tips.tests.fixtures import IN_A1, category

BASE = "/open311/v2"


def _post(client: Client, key: str, **fields: Any) -> Any:
    body = {
        "api_key": key,
        "service_code": "public-order",
        "lat": str(IN_A1[0]),
        "long": str(IN_A1[1]),
        "address_string": "宁海路5号",
        "description": "小区门口有人聚众赌博",
        "first_name": "张",
        "last_name": "三",
        "phone": "13912345678",
        **fields,
    }
    return client.post(f"{BASE}/requests.json", body)


@pytest.mark.django_db
def test_services_list_the_active_categories_and_their_definitions(world: World) -> None:
    category()
    Category.objects.filter(code="other").update(is_active=False)
    listed = Client().get(f"{BASE}/services.json").json()
    codes = {s["service_code"] for s in listed}
    assert "public-order" in codes and "other" not in codes
    assert {"service_code", "service_name", "metadata", "type"} <= set(listed[0])
    assert Client().get(f"{BASE}/services/help.json").json() == {"service_code": "help", "attributes": []}
    missing = Client().get(f"{BASE}/services/nope.json")
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404


@pytest.mark.django_db
def test_xml_is_refused_with_a_json_error_saying_json_only(world: World) -> None:
    answer = Client().get(f"{BASE}/services.xml")
    assert answer.status_code == 400 and "JSON" in answer.json()[0]["description"]


@pytest.mark.django_db
def test_a_request_needs_a_valid_key_and_lands_in_the_officer_s_queue_as_a_tip(world: World) -> None:
    category()
    client_row, key = services.api_client_create(by=world.sysadmin, name="12345 市民热线")
    assert key not in str(ApiClient.objects.values().get())  # kept as a hash only
    assert _post(Client(), "").status_code == 403
    assert _post(Client(), "wrong-key").status_code == 403
    answer = _post(Client(), key)
    assert answer.status_code == 201, answer.content
    number = answer.json()[0]["service_request_id"]
    tip = Tip.objects.get(case__number=number)
    assert tip.client == client_row and tip.source == "open311" and not tip.show_name
    assert tip.contact_masked.startswith("139") and "12345678" not in tip.contact_enc
    assert Case.objects.restrict(world.officer_a).filter(pk=tip.case_id, kind="tips.tip").exists()
    assert not Case.objects.restrict(world.officer_b).filter(pk=tip.case_id).exists()
    services.api_client_revoke(by=world.sysadmin, client_id=client_row.pk)
    assert _post(Client(), key).status_code == 403


@pytest.mark.django_db
def test_bad_requests_are_400_with_a_message_never_500(world: World) -> None:
    category()
    _client, key = services.api_client_create(by=world.sysadmin, name="hotline")
    for fields in ({"service_code": "nope"}, {"lat": "north"}, {"description": ""}, {"lat": "95", "long": "0"}):
        answer = _post(Client(), key, **fields)
        assert answer.status_code == 400, fields
        assert answer.json()[0]["description"]
    assert Client().get(f"{BASE}/requests.json", {"start_date": "yesterday"}).status_code == 400
    assert Client().get(f"{BASE}/requests.json", {"status": "lost"}).status_code == 400
    wide = {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-12-01T00:00:00Z"}
    assert Client().get(f"{BASE}/requests.json", wide).status_code == 400
    assert Tip.objects.count() == 0


@pytest.mark.django_db
def test_readers_see_status_only_and_the_posting_client_also_its_own_text(world: World) -> None:
    category()
    _a, key_a = services.api_client_create(by=world.sysadmin, name="hotline A")
    _b, key_b = services.api_client_create(by=world.sysadmin, name="app B")
    number = _post(Client(), key_a).json()[0]["service_request_id"]
    for params in ({}, {"api_key": key_b}):
        [row] = Client().get(f"{BASE}/requests.json", params).json()
        assert row["service_request_id"] == number and row["status"] == "open"
        assert row["description"] is None and row["address"] is None and row["lat"] is None
        text = str(row)
        assert "张" not in text and "139" not in text and "赌博" not in text
    [own] = Client().get(f"{BASE}/requests/{number}.json", {"api_key": key_a}).json()
    assert own["description"] == "小区门口有人聚众赌博" and own["address"] == "宁海路5号"
    assert "139" not in str(own) and "张" not in str(own)  # the reporter stays with the police
    assert Client().get(f"{BASE}/requests/XS-0.json").status_code == 404


@pytest.mark.django_db
@override_settings(TIPS_PER_NUMBER_PER_DAY=2)
def test_requests_are_limited_per_number(world: World) -> None:
    category()
    _client, key = services.api_client_create(by=world.sysadmin, name="hotline")
    assert [_post(Client(), key).status_code for _ in range(3)] == [201, 201, 429]
    assert _post(Client(), key, phone="13800000000").status_code == 201


@pytest.mark.django_db(transaction=True)
def test_an_off_the_shelf_georeport_client_lists_services_and_follows_a_posted_request(live_server: Any) -> None:
    """`georeport` (PyPI) reads services, definitions and requests; it cannot post (its own README
    says so), so the POST is the plain form-encoded GeoReport call any client makes."""
    from georeport import GeoReport

    world = build_world()
    seed_categories(Category)
    _client, key = services.api_client_create(by=world.sysadmin, name="civic app")
    root = f"{live_server.url}{BASE}"
    client = GeoReport(root, api_key=key)
    listed = client.get_service_list()
    assert "public-order" in {s["service_code"] for s in listed}
    assert client.get_service_definition("public-order")["service_code"] == "public-order"

    posted = requests.post(
        f"{root}/requests.json",
        data={
            "api_key": key,
            "service_code": "public-order",
            "lat": str(IN_A1[0]),
            "long": str(IN_A1[1]),
            "description": "广场夜间有人聚众斗殴",
        },
        timeout=30,
    )
    assert posted.status_code == 201, posted.text
    number = posted.json()[0]["service_request_id"]
    case = Case.objects.get(number=number)
    assert case.kind == "tips.tip" and case.assignee == world.officer_a  # in the officer's queue
    assert client.get_service_request(number)["status"] == "open"
    assert number in {r["service_request_id"] for r in client.get_service_requests(service_code="public-order")}
