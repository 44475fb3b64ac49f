"""Issue 9 item 2: a collection's submitted ID and phone numbers are masked in every read (API and
the officer's queue); the full value only through the reveal (purpose, step-up, audited)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from jingwang.accounts.stepup import REAUTH_AT
from jingwang.audit.models import AuditEvent
from jingwang.core.identity import synthetic_id_number
from jingwang.registry.tests.conftest import A1, make_collection
from jingwang.testing import PASSWORD, World, sign_in

pytestmark = pytest.mark.django_db
NUMBER = synthetic_id_number(region="320106", birth=date(1990, 5, 17), seq=21)
MASKED_NUMBER = NUMBER[:6] + "********" + NUMBER[-4:]
PHONE, MASKED_PHONE = "13912345678", "139****5678"


def _api(world: World, name: str, reauth: bool = False) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(world.users[name])
    if reauth:
        client.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)
    return client


@pytest.fixture
def submitted(world: World) -> Any:
    return make_collection(world, A1, "grid_a1", id_number=NUMBER, phone=PHONE)


@pytest.mark.parametrize("reader", ["grid_a1", "aux_a", "officer_a", "leader"])
def test_collection_detail_masks_the_id_and_phone_number_for_every_reader(
    world: World, submitted: Any, reader: str
) -> None:
    response = _api(world, reader).get(f"/api/v1/collections/{submitted.pk}/")
    assert response.status_code == 200
    values = response.json()["values"]
    assert values["id_number"] == MASKED_NUMBER and values["phone"] == MASKED_PHONE
    assert NUMBER not in response.content.decode() and PHONE not in response.content.decode()


def test_queue_page_shows_masked_values_not_the_full_numbers(world: World, submitted: Any, client: Any) -> None:
    sign_in(client, world.officer_a)
    page = client.get("/registry/queue/").content.decode()
    assert f'placeholder="{MASKED_NUMBER}"' in page and f'placeholder="{MASKED_PHONE}"' in page
    assert NUMBER not in page and PHONE not in page


def test_officer_reveals_a_submitted_number_for_a_purpose_with_the_password_again(world: World, submitted: Any) -> None:
    url = f"/api/v1/collections/{submitted.pk}/reveal/"
    body = {"field": "id_number", "purpose": "核对身份证号"}
    refused = _api(world, "officer_a").post(url, body, format="json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "reauth_required"
    assert not AuditEvent.objects.filter(action="registry.collection.reveal").exists()
    no_purpose = _api(world, "officer_a", reauth=True).post(url, {"field": "phone", "purpose": ""}, format="json")
    assert no_purpose.status_code == 400
    answer = _api(world, "officer_a", reauth=True).post(url, body, format="json")
    assert answer.status_code == 200 and answer.json() == {"field": "id_number", "value": NUMBER}
    event = AuditEvent.objects.get(action="registry.collection.reveal")
    assert event.purpose == "核对身份证号" and event.details == {"field": "id_number"}
    assert event.object_id == str(submitted.pk) and event.actor_id == world.officer_a.pk


def test_grid_worker_may_not_reveal_and_another_district_gets_404(world: World, submitted: Any) -> None:
    url = f"/api/v1/collections/{submitted.pk}/reveal/"
    body = {"field": "phone", "purpose": "核对"}
    assert _api(world, "grid_a1", reauth=True).post(url, body, format="json").status_code == 403
    assert _api(world, "officer_b", reauth=True).post(url, body, format="json").status_code == 404
    assert not AuditEvent.objects.filter(action="registry.collection.reveal").exists()


def _stepped_up(client: Any) -> None:
    """A password confirmed a moment ago (not left to what signing in records)."""
    session = client.session
    session[REAUTH_AT] = time.time()
    session.save()


def test_queue_reveal_shows_the_full_number_once_and_is_audited(world: World, submitted: Any, client: Any) -> None:
    sign_in(client, world.officer_a)
    _stepped_up(client)
    response = client.post(
        f"/registry/queue/{submitted.pk}/reveal/", {"field": "phone", "purpose": "电话核实"}, follow=False
    )
    assert response.status_code == 302 and PHONE not in response["Location"]
    first = client.get("/registry/queue/").content.decode()
    assert f'data-testid="revealed">{PHONE}<' in first
    assert PHONE not in client.get("/registry/queue/").content.decode()
    assert AuditEvent.objects.filter(action="registry.collection.reveal", purpose="电话核实").count() == 1


def test_queue_reveal_asks_for_the_password_again(world: World, submitted: Any, client: Any) -> None:
    sign_in(client, world.officer_a)
    session = client.session
    session[REAUTH_AT] = 0
    session.save()
    response = client.post(f"/registry/queue/{submitted.pk}/reveal/", {"field": "phone", "purpose": "电话核实"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/confirm/")
    assert not AuditEvent.objects.filter(action="registry.collection.reveal").exists()
