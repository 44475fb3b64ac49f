"""The incident pages: filters, masked identifiers, the export (masked, in the export scope)."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.audit.models import AuditEvent
from jingwang.incidents import views
from jingwang.incidents.tests.factories import incident
from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db
PHONE, ID_NUMBER = "13812345678", "11010519491231002X"
B1 = "grid:320106001002001"


def test_the_list_filters_by_kind_and_preventable_as_the_api_does(world: World, client: Any, api_as: Any) -> None:
    burglary = incident(category="0101")
    crash = incident(category="0301")
    sign_in(client, world.officer_a)
    page = client.get("/incidents/", {"preventable": "true"}).content.decode()
    assert burglary.number in page and crash.number not in page
    page = client.get("/incidents/", {"kind": "traffic"}).content.decode()
    assert crash.number in page and burglary.number not in page
    api = api_as("officer_a").get("/api/v1/incidents/", {"kind": "traffic"}).json()["results"]
    assert [i["number"] for i in api] == [crash.number]


def test_the_incident_page_shows_identifiers_masked_and_is_audited(world: World, client: Any) -> None:
    made = incident(victim_id_number=ID_NUMBER, caller_phone=PHONE, victim_name="李四")
    sign_in(client, world.officer_a)
    page = client.get(f"/incidents/{made.pk}/").content.decode()
    assert "110105********002X" in page and "138****5678" in page
    assert ID_NUMBER not in page and PHONE not in page
    assert AuditEvent.objects.filter(action="incidents.incident.read", object_id=str(made.pk)).exists()


def test_the_leaders_export_holds_masked_identifiers_only(world: World, client: Any) -> None:
    incident(victim_id_number=ID_NUMBER, caller_phone=PHONE)
    incident("grid:320106001002001", number="OTHER-AREA")
    sign_in(client, world.leader, stepped_up=True)
    response = client.get("/incidents/", {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "110105********002X" in body and "138****5678" in body
    assert ID_NUMBER not in body and PHONE not in body
    sign_in(client, world.officer_a, stepped_up=True)
    assert client.get("/incidents/", {"export": "csv"}).status_code == 403  # officers may not export


class TestIncidentPages(ScopedPageContract):
    list_page = views.IncidentListView
    detail_page = views.IncidentView
    other_pages = (views.IncidentImportView,)
    viewer = "officer_a"
    no_permission_user = "resident"

    def in_scope(self, world: World) -> Any:
        return self._made(world, "in", lambda: incident(number="P-IN-1"))

    def out_of_scope(self, world: World) -> Any:
        return self._made(world, "out", lambda: incident(B1, number="P-OUT-1"))

    def more_in_scope(self, world: World, i: int) -> Any:
        return self._made(world, i, lambda: incident(number=f"P-MORE-{i}"))

    def _made(self, world: World, key: Any, make: Any) -> Any:
        cache = world.__dict__.setdefault("_incident_pages", {})
        if key not in cache:
            cache[key] = make()
        return cache[key]
