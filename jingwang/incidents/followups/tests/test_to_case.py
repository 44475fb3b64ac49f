"""A non-police call (非警务警情) becomes a dispute or a work order in one step, once, linked both
ways; a police call, or one out of scope, does not."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.casework.models import Case, Department
from jingwang.disputes.models import Dispute
from jingwang.incidents.followups.models import IncidentCase
from jingwang.incidents.followups.tests.helpers import GRID_B1, incident
from jingwang.testing import World, sign_in
from jingwang.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db


def test_a_noise_call_becomes_a_dispute_once_through_the_api(world: World, api_as: Any) -> None:
    call = incident(world, "noise", summary="楼上装修噪音")
    officer = api_as("officer_a")
    body = {"incident": call.pk, "kind": "dispute", "dispute_kind": "neighbours"}
    made = officer.post("/api/v1/incident-cases/", body, format="json")
    assert made.status_code == 201, made.content
    dispute = Dispute.objects.get(case_id=made.json()["case"])
    assert dispute.source == "110" and dispute.grid == call.grid and dispute.summary == "楼上装修噪音"
    assert IncidentCase.objects.get(case=dispute.case).incident == call  # the case shows its incident
    assert call.followup_case.case == dispute.case  # the incident its case
    assert dispute.case.events.filter(data__incident=call.number).exists()  # on the case's timeline
    again = officer.post("/api/v1/incident-cases/", body, format="json")
    assert again.status_code == 409 and Dispute.objects.count() == 1


def test_a_repair_call_becomes_a_work_order_on_the_page(world: World, client: Any) -> None:
    department = Department.objects.create(name="市政所", default_deadline_hours=48)
    call = incident(world, "pothole", summary="路面塌陷")
    sign_in(client, world.officer_a)
    assert client.get(f"/incidents/followups/incident/{call.pk}/to-case/").status_code == 200
    response = client.post(f"/incidents/followups/incident/{call.pk}/to-case/",
                           {"kind": "workorder", "department": department.pk})  # fmt: skip
    order = WorkOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert order.source_ref == call.number and IncidentCase.objects.get().case == order.case


def test_a_police_call_stays_police_work(world: World, api_as: Any) -> None:
    crime = incident(world, "burglary")
    made = api_as("officer_a").post(
        "/api/v1/incident-cases/",
        {"incident": crime.pk, "kind": "dispute", "dispute_kind": "neighbours"},
        format="json",
    )
    assert made.status_code == 400 and not Case.objects.filter(kind="dispute").exists()


def test_a_dispute_needs_its_type_and_nothing_is_opened_without_it(world: World, api_as: Any) -> None:
    call = incident(world, "noise")
    made = api_as("officer_a").post("/api/v1/incident-cases/", {"incident": call.pk, "kind": "dispute"}, format="json")
    assert made.status_code == 400 and "dispute_kind" in made.json()["error"]["fields"]
    assert not Case.objects.exists() and not IncidentCase.objects.exists()


def test_an_officer_cannot_turn_another_districts_call_into_a_case(world: World, api_as: Any, client: Any) -> None:
    call = incident(world, "noise", grid=GRID_B1)
    made = api_as("officer_a").post(
        "/api/v1/incident-cases/", {"incident": call.pk, "kind": "dispute", "dispute_kind": "neighbours"}, format="json"
    )
    assert made.status_code == 404 and not Case.objects.exists()
    sign_in(client, world.officer_a)
    assert client.get(f"/incidents/followups/incident/{call.pk}/to-case/").status_code == 404


def test_the_incident_page_shows_its_case_and_offers_the_step_until_taken(
    world: World, api_as: Any, client: Any
) -> None:
    call = incident(world, "noise")
    sign_in(client, world.officer_a)
    page = client.get(f"/incidents/{call.pk}/")
    assert page.status_code == 200 and 'data-testid="to-case-link"' in page.content.decode()
    officer = api_as("officer_a")
    officer.post("/api/v1/incident-cases/", {"incident": call.pk, "kind": "dispute", "dispute_kind": "neighbours"},
                 format="json")  # fmt: skip
    html = client.get(f"/incidents/{call.pk}/").content.decode()
    assert 'data-testid="incident-case"' in html and 'data-testid="to-case-link"' not in html
    assert [r["case"] for r in officer.get("/api/v1/incident-cases/", {"incident": call.pk}).json()["results"]] == [
        IncidentCase.objects.get().case_id
    ]
