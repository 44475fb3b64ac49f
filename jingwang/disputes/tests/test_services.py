"""The dispute workflow through its services: intake, parties, the stages, and what each refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jingwang.audit.models import AuditEvent
from jingwang.casework.models import CaseEvent
from jingwang.casework.rules import Forbidden as CaseForbidden
from jingwang.core import crypto
from jingwang.core.errors import Conflict, NotFound, ServiceError
from jingwang.disputes.models import Dispute, MediationSession, Party, Status
from jingwang.disputes.services import intake, mediation
from jingwang.disputes.services.common import Forbidden
from jingwang.disputes.tests import workflow as flow
from jingwang.disputes.tests.conftest import A1, B1, agreed, agreement_file, referred, report
from jingwang.registry.tests.conftest import make_person
from jingwang.testing import World

pytestmark = pytest.mark.django_db


def test_grid_worker_reports_a_dispute_with_a_case_and_parties(world: World) -> None:
    d = report(world)
    assert d.status == Status.REPORTED and d.case.kind == "dispute" and d.case.state == "reported"
    assert d.case.number.startswith("JF-")
    assert d.community.code == "320106001001"
    assert d.case.red_at is not None
    assert d.case.red_at - d.case.opened_at == timedelta(hours=24)
    applicant = d.parties.get(role="applicant")
    assert applicant.phone_masked == "138****5678"
    assert "13812345678" not in applicant.phone_enc
    assert crypto.decrypt(applicant.phone_enc, context=intake.PHONE_CONTEXT) == "13812345678"
    assert AuditEvent.objects.filter(action="disputes.dispute.report", object_id=str(d.pk)).exists()
    assert CaseEvent.objects.filter(case=d.case, kind="opened").exists()


def test_the_responsible_officer_is_told_of_a_new_dispute(world: World) -> None:
    from jingwang.notifications.models import Notification

    d = report(world)
    assert Notification.objects.filter(recipient=world.officer_a, kind="disputes.reported").exists()
    assert not Notification.objects.filter(recipient=world.officer_b, kind="disputes.reported").exists()
    assert d.pk


def test_a_high_risk_dispute_gets_shorter_deadlines(world: World) -> None:
    d = report(world, risk="high")
    assert d.case.level == "major" and d.case.urgency == "urgent"
    assert d.case.red_at is not None
    assert d.case.red_at - d.case.opened_at == timedelta(hours=12)


def test_grid_worker_cannot_report_in_another_grid(world: World) -> None:
    with pytest.raises(ServiceError) as err:
        report(world, grid=B1)
    assert "grid" in err.value.fields
    assert not Dispute.objects.exists()


def test_bad_input_is_refused_field_by_field_and_nothing_is_created(world: World) -> None:
    with pytest.raises(ServiceError) as err:
        report(world, title="", kind="weather", parties=[intake.PartyIn(role="applicant", name="王芳", phone="12345")])
    assert {"title", "kind"} <= set(err.value.fields)
    with pytest.raises(ServiceError) as err:
        report(world, parties=[intake.PartyIn(role="applicant", name="王芳", phone="12345")])
    assert "parties.0" in err.value.fields
    assert not Dispute.objects.exists() and not Party.objects.exists()


def test_roles_without_report_permission_are_refused(world: World) -> None:
    for name in ("mediator", "dept", "leader", "resident"):
        with pytest.raises(Forbidden):
            report(world, by=name)


def test_a_party_links_to_a_registered_person_only_within_scope(world: World) -> None:
    inside = make_person(world, A1, "甲居民", phone="13900001111")
    outside = make_person(world, B1, "乙居民")
    d = report(world, parties=[intake.PartyIn(role="applicant", person_id=inside.pk)])
    party = d.parties.get()
    assert party.person == inside and party.name == "甲居民" and party.phone_masked == "139****1111"
    with pytest.raises(ServiceError) as err:
        intake.party_add(
            by=world.grid_a1, dispute_id=d.pk, party=intake.PartyIn(role="respondent", person_id=outside.pk)
        )
    assert "party" in err.value.fields
    assert d.parties.count() == 1


def test_full_flow_report_accept_refer_mediate_resolve_visit_close(world: World) -> None:
    d = agreed(world)
    assert d.status == Status.RESOLVED and d.case.state == "resolved"
    with pytest.raises(ServiceError) as err:
        flow.dispute_close(by=world.officer_a, dispute_id=d.pk)
    assert err.value.code == "return_visit_required"
    mediation.return_visit_record(by=world.officer_a, dispute_id=d.pk, visited_at=timezone.now(), notes="双方满意")
    d = flow.dispute_close(by=world.officer_a, dispute_id=d.pk, note="回访后结案")
    d.case.refresh_from_db()
    assert d.status == Status.CLOSED and d.case.state == "closed" and d.case.closed_at is not None
    assert d.case.next_due_at is None
    kinds = list(CaseEvent.objects.filter(case=d.case).order_by("at", "id").values_list("kind", "to_state"))
    assert kinds == [
        ("opened", "reported"),
        ("transition", "handling"),
        ("assigned", ""),
        ("transition", "referred"),
        ("referred", ""),
        ("comment", ""),
        ("transition", "resolved"),
        ("comment", ""),
        ("transition", "closed"),
    ]
    actions = set(
        AuditEvent.objects.filter(object_id=str(d.pk), object_type="disputes.dispute").values_list("action", flat=True)
    )
    assert {
        "disputes.dispute.report",
        "disputes.dispute.accept",
        "disputes.dispute.refer",
        "disputes.session.record",
        "disputes.dispute.resolve",
        "disputes.return_visit.record",
        "disputes.dispute.close",
    } <= actions


def test_mediator_sees_only_disputes_referred_to_them(world: World) -> None:
    mine = referred(world)
    other = report(world, title="另一起纠纷")
    visible = set(Dispute.objects.restrict(world.mediator, "view").values_list("pk", flat=True))
    assert visible == {mine.pk}
    assert not Dispute.objects.restrict(world.dept, "view").exists()
    assert other.pk not in visible


def test_only_a_mediator_serving_the_grid_may_receive_a_referral(world: World) -> None:
    d = report(world)
    flow.dispute_accept(by=world.officer_a, dispute_id=d.pk)
    with pytest.raises(ServiceError) as err:
        flow.dispute_refer(by=world.officer_a, dispute_id=d.pk, mediator=world.dept)
    assert "mediator" in err.value.fields
    assert Dispute.objects.get(pk=d.pk).status == Status.HANDLING


def test_officer_of_another_district_cannot_act(world: World) -> None:
    d = report(world)
    with pytest.raises(NotFound):
        flow.dispute_accept(by=world.officer_b, dispute_id=d.pk)
    with pytest.raises(CaseForbidden):  # the case type: accepting is for the officer and the leader
        flow.dispute_accept(by=world.grid_a1, dispute_id=d.pk)
    assert Dispute.objects.get(pk=d.pk).status == Status.REPORTED


def test_actions_out_of_stage_are_conflicts(world: World) -> None:
    d = report(world)
    with pytest.raises(Conflict):
        flow.dispute_close(by=world.officer_a, dispute_id=d.pk)
    flow.dispute_accept(by=world.officer_a, dispute_id=d.pk)
    with pytest.raises(Conflict):
        flow.dispute_accept(by=world.officer_a, dispute_id=d.pk)


def test_an_agreement_outcome_needs_an_uploaded_agreement(world: World) -> None:
    d = referred(world)
    with pytest.raises(ServiceError) as err:
        flow.dispute_resolve(by=world.mediator, dispute_id=d.pk, outcome="agreement")
    assert "outcome" in err.value.fields


def test_only_the_referred_mediator_records_sessions(world: World) -> None:
    d = referred(world)
    with pytest.raises(ServiceError) as err:
        mediation.session_record(by=world.officer_a, dispute_id=d.pk, held_at=timezone.now(), participants="x")
    assert err.value.code == "not_holder"


def test_an_agreement_that_is_not_a_pdf_or_image_is_refused_and_not_stored(world: World, tmp_path: object) -> None:
    d = referred(world)
    fake = SimpleUploadedFile("协议.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf")
    with pytest.raises(ServiceError) as err:
        mediation.session_record(
            by=world.mediator, dispute_id=d.pk, held_at=timezone.now(), participants="x", agreement=fake
        )
    assert "agreement" in err.value.fields
    exe = SimpleUploadedFile("协议.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ServiceError):
        mediation.session_record(
            by=world.mediator, dispute_id=d.pk, held_at=timezone.now(), participants="x", agreement=exe
        )
    assert not MediationSession.objects.exists()


def test_a_failed_session_write_leaves_no_file_behind(world: World, settings: object) -> None:
    from pathlib import Path

    d = report(world)  # still "reported": recording a session is refused after the file is written
    with pytest.raises(ServiceError):
        mediation.session_record(
            by=world.officer_a, dispute_id=d.pk, held_at=timezone.now(), participants="x", agreement=agreement_file()
        )
    folder = Path(settings.DATA_DIR) / "uploads"  # type: ignore[attr-defined]
    assert not [p for p in folder.rglob("*") if p.is_file()]


def test_stored_agreement_has_a_random_name_and_checksum(world: World) -> None:
    d = agreed(world)
    session = d.sessions.get()
    assert session.agreement_name == "协议书.pdf"
    assert "协议" not in session.agreement.name and session.agreement.name.endswith(".pdf")
    assert len(session.agreement_sha256) == 64


def test_hand_back_and_reopen(world: World) -> None:
    d = referred(world)
    with pytest.raises(ServiceError):
        flow.dispute_hand_back(by=world.mediator, dispute_id=d.pk, note="")
    d = flow.dispute_hand_back(by=world.mediator, dispute_id=d.pk, note="属于劳动仲裁范围")
    assert d.status == Status.HANDLING and d.case.state == "handling"
    d = flow.dispute_resolve(by=world.officer_a, dispute_id=d.pk, outcome="litigation", note="引导仲裁")
    d = flow.dispute_reopen(by=world.officer_a, dispute_id=d.pk, note="双方又起冲突")
    assert d.status == Status.HANDLING and d.outcome == ""


def test_a_litigation_outcome_closes_without_a_return_visit(world: World) -> None:
    d = report(world)
    flow.dispute_accept(by=world.officer_a, dispute_id=d.pk)
    flow.dispute_resolve(by=world.officer_a, dispute_id=d.pk, outcome="litigation")
    assert flow.dispute_close(by=world.officer_a, dispute_id=d.pk).status == Status.CLOSED


def test_update_changes_the_case_level_and_refuses_unknown_fields(world: World) -> None:
    d = report(world)
    d = intake.dispute_update(by=world.officer_a, dispute_id=d.pk, expected_version=d.version, data={"risk": "high"})
    d.case.refresh_from_db()
    assert d.case.level == "major" and d.version == 2
    with pytest.raises(ServiceError):
        intake.dispute_update(
            by=world.officer_a, dispute_id=d.pk, expected_version=d.version, data={"status": "closed"}
        )
    from jingwang.core.errors import PreconditionFailed

    with pytest.raises(PreconditionFailed):
        intake.dispute_update(by=world.officer_a, dispute_id=d.pk, expected_version=1, data={"risk": "low"})


def test_ledger_pages_read_id_first_keep_order_scope_and_query_count(
    world: World, django_assert_max_num_queries: object
) -> None:
    from datetime import timedelta

    from jingwang.disputes.selectors import dispute_list

    made = [report(world, title=f"纠纷{i}") for i in range(5)]
    report(world, by="grid_b1", grid=B1, title="乙社区")
    for i, d in enumerate(made):  # distinct report times, some equal, to test the id tie-break
        Dispute.objects.filter(pk=d.pk).update(opened_at=timezone.now() - timedelta(hours=i // 2))
    expected = list(
        Dispute.objects.filter(grid__code__startswith="320106001001")
        .order_by("-opened_at", "-id")
        .values_list("pk", flat=True)
    )
    ledger = dispute_list(viewer=world.officer_a)
    assert [d.pk for d in ledger[:3]] + [d.pk for d in ledger[3:10]] == expected
    assert [d.pk for d in ledger] == expected  # unsliced: read as usual
    with django_assert_max_num_queries(3):  # type: ignore[operator]
        page = list(dispute_list(viewer=world.officer_a)[:50])
        assert all(d.grid.code and d.community.name for d in page)
