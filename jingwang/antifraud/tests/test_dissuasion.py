"""Warnings matched and routed as a set; the dissuasion from sign-off to outcome; deadlines in
minutes per risk level, red and escalated once; the duty officer; bank protection; figures."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jingwang.antifraud import selectors, services
from jingwang.antifraud.models import Outcome, ProtectionStatus, Routing, Source, Warning
from jingwang.antifraud.tests import fixtures as f
from jingwang.casework.models import Case, CaseEvent, EventKind
from jingwang.casework.moves import case_move
from jingwang.casework.sweep import sweep
from jingwang.core.errors import ServiceError
from jingwang.notifications.models import Notification
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db


def _move(world: World, w: Warning, transition: str, **data: Any) -> Case:
    assert w.case is not None
    return case_move(by=world.officer_a, case=Case.objects.get(fraud_warning=w), transition=transition, data=data)


def test_a_registered_person_s_warning_goes_to_the_officer_of_their_grid_with_a_case(world: World) -> None:
    w = f.warning(world, "in")
    assert w.routing == Routing.OFFICER and w.officer == world.officer_a
    assert w.case is not None and w.case.assignee == world.officer_a and w.case.level == "major"
    assert w.phone_masked.startswith("139") and "*" in w.phone_masked and w.phone_enc and w.person is not None
    assert Notification.objects.filter(recipient=world.officer_a).exists()
    assert world.officer_a in [w.officer for w in selectors.warning_list(viewer=world.officer_a)]
    assert not selectors.warning_list(viewer=world.officer_b).filter(pk=w.pk).exists()


def test_matching_and_routing_of_a_batch_costs_the_same_queries_per_batch_not_per_row(world: World) -> None:
    """Persons, grids, officers and stations are looked up once per batch."""
    rows = []
    for i in range(30):
        f.person(world, "in" if i % 2 else "out", 5000 + i)
        rows.append(
            services.WarningRow(reference=f"B-{i}", risk="low", fraud_type="02", id_number=f.id_number(5000 + i))
        )
    with CaptureQueriesContext(connection) as q:
        got = services.warnings_receive(by=None, rows=rows, source=Source.CENTRE)
    lookups = [
        x["sql"] for x in q.captured_queries if "registry_person" in x["sql"] or "accounts_roleassignment" in x["sql"]
    ]
    assert got.created == 30 and all(w.routing == Routing.OFFICER for w in got.warnings)
    assert len(lookups) <= 3, lookups
    assert {w.officer for w in got.warnings} == {world.officer_a, world.officer_b}


def test_receiving_the_same_reference_again_adds_nothing(world: World) -> None:
    w = f.warning(world, "in", ref="SAME")
    again = services.warnings_receive(
        by=None, rows=[services.WarningRow(reference="SAME", risk="high", fraud_type="01", name="某")], source="centre"
    )
    assert again.created == 0 and again.warnings[0].pk == w.pk and Warning.objects.count() == 1


def test_unknown_person_goes_to_the_named_station_s_duty_officer_or_back_with_a_reason(world: World) -> None:
    rows = [
        services.WarningRow(reference="U-1", risk="high", fraud_type="01", phone="13700000001", station="320106001"),
        services.WarningRow(reference="U-2", risk="high", fraud_type="01", phone="13700000002"),
    ]
    duty, back = services.warnings_receive(by=world.commander, rows=rows, source=Source.CENTRE).warnings
    assert duty.routing == Routing.DUTY and duty.case is None and duty.station is not None
    assert Notification.objects.filter(recipient=world.leader, kind="antifraud.duty").count() == 1
    assert back.routing == Routing.RETURNED and back.routing_reason
    routed = services.warning_route(by=world.leader, warning_id=duty.pk, grid=world.node(f.A1))
    assert routed.routing == Routing.OFFICER and routed.officer == world.officer_a and routed.case is not None


def test_a_person_outside_the_sender_s_area_is_returned(world: World) -> None:
    w = f.warning(world, "out", by=world.officer_a)
    assert w.routing == Routing.RETURNED and w.case is None and w.officer is None
    assert w.routing_reason in ("The person is registered outside the sender's area.", "该人员登记在发送方辖区之外。")


def test_bad_rows_are_refused_by_field_and_nothing_is_written(world: World, api: Any) -> None:
    sign_in(api, world.commander)
    body = {
        "warnings": [
            {"reference": "OK-1", "risk": "high", "fraud_type": "01", "phone": "13700000009"},
            {"reference": "BAD", "risk": "high", "fraud_type": "01", "id_number": "320106199901011234"},
        ]
    }
    response = api.post("/api/v1/fraud-warnings/", body, format="json")
    assert response.status_code == 400, response.content
    assert "rows[1].id_number" in str(response.json())
    assert Warning.objects.count() == 0


def test_the_dissuasion_from_sign_off_through_a_failed_call_and_a_visit_to_dissuaded(world: World) -> None:
    w = f.warning(world, "in")
    _move(world, w, "sign")
    _move(world, w, "contact", method="phone", result=Outcome.NOT_REACHED)
    _move(world, w, "dispatch")
    case = _move(world, w, "finish", outcome=Outcome.DISSUADED, checked=["查看聊天软件", "询问转账对象"])
    w.refresh_from_db()
    assert case.state == "closed" and w.outcome == Outcome.DISSUADED
    assert w.first_contact_at is not None and w.visited_at is not None
    assert w.contacts[0]["result"] == Outcome.NOT_REACHED
    assert {r["item"] for r in w.checklist if r["ok"]} == {"查看聊天软件", "询问转账对象"}
    rows = selectors.figures(viewer=world.leader, start=timezone.localdate(), end=timezone.localdate())
    assert rows[0].warnings == 1 and rows[0].face_to_face_rate == 1.0 and rows[0].success_rate == 1.0


def test_already_defrauded_needs_the_amount_and_the_time(world: World) -> None:
    w = f.warning(world, "in")
    _move(world, w, "contact", method="phone", result="answered")
    with pytest.raises(ServiceError):
        _move(world, w, "finish", outcome=Outcome.DEFRAUDED)
    _move(world, w, "finish", outcome=Outcome.DEFRAUDED, amount="5000.00", defrauded_at=timezone.now().isoformat())
    w.refresh_from_db()
    assert w.defrauded_amount == Decimal("5000.00") and w.visited_at is None
    rows = selectors.figures(viewer=world.leader, start=timezone.localdate(), end=timezone.localdate())
    assert rows[0].defrauded == 1 and rows[0].success_rate == 0.0


def test_not_our_area_sends_the_warning_to_the_station_s_duty_queue(world: World) -> None:
    w = f.warning(world, "in")
    _move(world, w, "transfer", note="已搬离本辖区")
    w.refresh_from_db()
    assert w.routing == Routing.DUTY and w.outcome == Outcome.OUT_OF_AREA and w.officer is None
    assert Notification.objects.filter(recipient=world.leader, kind="antifraud.duty").exists()


def test_a_bank_is_asked_to_protect_the_account_and_answers(world: World) -> None:
    w = f.warning(world, "in")
    req = services.protection_request(by=world.officer_a, warning_id=w.pk, bank_user_id=world.bank_a.pk,
                                      bank_name="建设银行", account="6217000011112222333", reason="高风险")  # fmt: skip
    assert req.account_masked == "6217***********2333"
    done = services.protection_answer(by=world.bank_a, request_id=req.pk, protected=True)
    assert done.status == ProtectionStatus.PROTECTED
    with pytest.raises(ServiceError):
        services.protection_answer(by=world.bank_a, request_id=req.pk, protected=False, answer="重复")


def test_a_high_risk_warning_not_contacted_in_time_turns_red_and_escalates_once(world: World) -> None:
    """Frozen clock: the deadline is minutes (policy data); sweeping twice changes nothing more."""
    w = f.warning(world, "in")
    case = Case.objects.get(fraud_warning=w)
    assert case.red_at is not None and case.red_at - case.opened_at == timedelta(minutes=20)
    assert sweep(case.opened_at + timedelta(minutes=5)).total == 0
    assert sweep(case.opened_at + timedelta(minutes=12)).yellow == 1
    first = sweep(case.opened_at + timedelta(minutes=21))
    again = sweep(case.opened_at + timedelta(minutes=22))
    case.refresh_from_db()
    assert first.station == 1 and again.total == 0
    assert case.warning == 2 and case.escalation == 1
    assert CaseEvent.objects.filter(case=case, kind=EventKind.ESCALATED).count() == 1
    assert Notification.objects.filter(recipient=world.leader, kind="casework.escalated").count() == 1


def test_a_contact_in_time_stops_the_contact_deadline(world: World) -> None:
    w = f.warning(world, "in")
    _move(world, w, "contact", method="text", result="answered")
    case = Case.objects.get(fraud_warning=w)
    assert case.stage == "visit" and case.red_at is not None
    assert sweep(case.stage_started_at + timedelta(minutes=21)).red == 0
