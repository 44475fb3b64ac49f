"""The casework engine: opening, moving, deadlines crossing yellow then red, escalation once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from jingwang.casework.models import Case, CaseEvent, DelayStatus, EventKind
from jingwang.casework.services import (
    case_comment,
    case_decide_delay,
    case_request_delay,
    case_supervise,
    case_take_over,
    case_transition,
)
from jingwang.casework.sweep import sweep
from jingwang.casework.testing import open_sample
from jingwang.core.errors import Conflict, NotFound, PreconditionFailed, ServiceError
from jingwang.notifications.models import Notification, SmsMessage

pytestmark = pytest.mark.django_db
T0 = "2026-11-21 09:00:00+08:00"


def kinds(case: Case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("at", "id").values_list("kind", flat=True))


def test_opening_gives_a_number_deadlines_and_a_timeline(world: Any) -> None:
    with time_machine.travel(T0, tick=False):
        case = open_sample(world)
        second = open_sample(world)
    assert case.number == "SP-20261121-0001" and second.number == "SP-20261121-0002"
    assert case.state == case.stage == "new"
    assert case.yellow_at == case.opened_at + timedelta(hours=48)
    assert case.red_at == case.opened_at + timedelta(hours=72)
    assert case.next_due_at == case.yellow_at
    assert kinds(case) == [EventKind.OPENED]


def test_a_case_crosses_yellow_then_red_and_escalates(world: Any) -> None:
    for user, number in ((world.officer_a, "13800000001"), (world.leader, "13800000002")):
        user.set_mobile(number)
        user.save()
    with time_machine.travel(T0, tick=False) as clock:
        case = open_sample(world)
        assert sweep().total == 0
        clock.shift(timedelta(hours=47))
        assert sweep().total == 0
        clock.shift(timedelta(hours=1, seconds=1))  # default policy: yellow after 48 h
        result = sweep()
        assert result.yellow == 1 and result.red == 0
        case.refresh_from_db()
        assert case.warning == 1 and case.next_due_at == case.red_at
        assert Notification.objects.filter(kind="casework.yellow", recipient=world.officer_a).count() == 1
        assert Notification.objects.filter(kind="casework.yellow", recipient=world.leader).count() == 1
        assert sweep().total == 0  # nothing happens twice
        clock.shift(timedelta(hours=24))  # red after 72 h
        result = sweep()
        assert result.red == 1 and result.station == 1
        case.refresh_from_db()
        assert (case.warning, case.escalation) == (2, 1)
        red = Notification.objects.get(kind="casework.red", recipient=world.officer_a)
        assert SmsMessage.objects.filter(notification=red).count() == 1  # red goes out by SMS too
        assert not SmsMessage.objects.filter(notification__kind="casework.yellow").exists()
        assert Notification.objects.filter(kind="casework.escalated", recipient=world.leader).count() == 1
        clock.shift(timedelta(hours=24, seconds=1))  # bureau 24 h after red
        assert sweep().bureau == 1
        assert Notification.objects.filter(kind="casework.escalated", recipient=world.commander).count() == 1
        assert sweep().total == 0
        case.refresh_from_db()
        assert case.escalation == 2 and case.next_due_at is None
    assert kinds(case) == [EventKind.OPENED, EventKind.YELLOW, EventKind.RED, EventKind.ESCALATED, EventKind.ESCALATED]


def test_a_late_sweep_goes_straight_to_red(world: Any) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        case = open_sample(world)
        clock.shift(timedelta(hours=80))
        result = sweep()
    assert (result.yellow, result.red, result.station) == (0, 1, 1)
    case.refresh_from_db()
    assert case.warning == 2


def test_urgent_cases_have_shorter_deadlines(world: Any) -> None:
    with time_machine.travel(T0, tick=False):
        normal = open_sample(world)
        urgent = open_sample(world, urgency="urgent")
        major = open_sample(world, level="major", urgency="urgent")
    assert urgent.red_at - urgent.opened_at == timedelta(hours=24)
    assert normal.red_at - normal.opened_at == timedelta(hours=72)
    assert major.red_at - major.opened_at == timedelta(hours=8)


def test_a_new_stage_starts_new_deadlines_and_closing_ends_them(world: Any) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        case = open_sample(world)
        clock.shift(timedelta(hours=50))
        sweep()
        case = case_transition(by=world.officer_a, case_id=case.pk, transition="start", expected_version=1)
        assert case.stage == "working" and case.warning == 0
        assert case.yellow_at == timezone.now() + timedelta(hours=48)
        with pytest.raises(ServiceError):
            case_transition(by=world.officer_a, case_id=case.pk, transition="finish")  # note required
        case = case_transition(by=world.officer_a, case_id=case.pk, transition="finish", note="清理完毕")
        assert case.closed_at is not None and case.next_due_at is None
        clock.shift(timedelta(days=30))
        assert sweep().total == 0


def test_a_stale_version_is_refused_and_changes_nothing(world: Any) -> None:
    case = open_sample(world)
    case_transition(by=world.officer_a, case_id=case.pk, transition="start")
    with pytest.raises(PreconditionFailed):
        case_transition(by=world.officer_a, case_id=case.pk, transition="finish", note="x", expected_version=1)
    case.refresh_from_db()
    assert case.state == "working"


def test_transition_from_the_wrong_state_is_a_conflict(world: Any) -> None:
    case = open_sample(world)
    with pytest.raises(Conflict):
        case_transition(by=world.officer_a, case_id=case.pk, transition="finish", note="x")


def test_only_the_declared_roles_may_take_a_transition(world: Any) -> None:
    case = open_sample(world)
    case_transition(by=world.officer_a, case_id=case.pk, transition="start")
    case_transition(by=world.officer_a, case_id=case.pk, transition="finish", note="x")
    with pytest.raises(ServiceError) as refused:
        case_transition(by=world.officer_a, case_id=case.pk, transition="reopen")
    assert refused.value.status == 403
    reopened = case_transition(by=world.leader, case_id=case.pk, transition="reopen")
    assert reopened.closed_at is None and reopened.next_due_at is not None


def test_officer_of_other_district_cannot_touch_the_case(world: Any) -> None:
    case = open_sample(world)
    with pytest.raises(NotFound):
        case_transition(by=world.officer_b, case_id=case.pk, transition="start")
    with pytest.raises(NotFound):
        case_comment(by=world.officer_b, case_id=case.pk, text="hi")
    case.refresh_from_db()
    assert case.state == "new" and kinds(case) == [EventKind.OPENED]


def test_leader_supervises_and_takes_over(world: Any) -> None:
    case = open_sample(world)
    with pytest.raises(ServiceError):
        case_supervise(by=world.officer_a, case_id=case.pk, comment="快办")
    case_supervise(by=world.leader, case_id=case.pk, comment="三日内办结")
    assert Notification.objects.filter(kind="casework.supervision", recipient=world.officer_a).exists()
    case = case_take_over(by=world.leader, case_id=case.pk, note="包案")
    assert case.leader == world.leader
    assert kinds(case) == [EventKind.OPENED, EventKind.SUPERVISION, EventKind.TAKEN_OVER]


def test_approved_delay_moves_the_deadlines_and_lifts_the_warning(world: Any) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        case = open_sample(world)
        clock.shift(timedelta(hours=49))
        sweep()
        request = case_request_delay(by=world.officer_a, case_id=case.pk, hours=48, reason="当事人外出")
        with pytest.raises(Conflict):
            case_request_delay(by=world.officer_a, case_id=case.pk, hours=4, reason="again")
        with pytest.raises(ServiceError):
            case_decide_delay(by=world.officer_a, request_id=request.pk, approve=True)
        decided = case_decide_delay(by=world.leader, request_id=request.pk, approve=True)
        assert decided.status == DelayStatus.APPROVED
        case.refresh_from_db()
        assert case.warning == 0 and case.red_at == case.opened_at + timedelta(hours=72 + 48)
        clock.shift(timedelta(hours=24))
        assert sweep().total == 0
        clock.shift(timedelta(hours=24))
        assert sweep().yellow == 1


def test_several_cases_crossing_at_once_reach_a_leader_as_one_digest(world: Any) -> None:
    world.leader.set_mobile("13800000002")
    world.leader.save()
    with time_machine.travel(T0, tick=False) as clock:
        cases = [open_sample(world, title=f"案件{n}") for n in range(3)]
        clock.shift(timedelta(hours=73))
        assert sweep().station == 3
    escalated = Notification.objects.get(recipient=world.leader, kind="casework.escalated")
    assert all(c.number in escalated.body for c in cases) and escalated.link == "/cases/?show=overdue"
    assert SmsMessage.objects.filter(recipient=world.leader).count() == 1  # one text message, not three
    assert Notification.objects.filter(recipient=world.officer_a, kind="casework.red").count() == 1
    assert CaseEvent.objects.filter(kind=EventKind.RED).count() == 3  # every case's own timeline


@pytest.mark.parametrize("start", [T0, "2026-11-21 09:00:00.250001+08:00"])
def test_each_crossing_is_on_the_timeline_with_its_deadline(world: Any, start: str) -> None:
    with time_machine.travel(start, tick=False) as clock:
        case = open_sample(world)
        clock.shift(timedelta(hours=73))
        assert sweep().station == 1
        clock.shift(timedelta(hours=25))
        assert sweep().bureau == 1
    case.refresh_from_db()
    entries = list(CaseEvent.objects.filter(case=case).exclude(kind=EventKind.OPENED).order_by("at", "id"))
    assert [(e.kind, e.data, e.from_state, e.actor_id) for e in entries] == [
        (EventKind.RED, {"due": case.red_at.isoformat()}, "new", None),
        (EventKind.ESCALATED, {"level": 1}, "new", None),
        (EventKind.ESCALATED, {"level": 2}, "new", None),
    ]
