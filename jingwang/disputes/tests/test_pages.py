"""Dispute pages: the ledger, the phone report form, a dispute's page and its forms, downloads,
re-screening and figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jingwang.audit.models import AuditEvent
from jingwang.disputes import views
from jingwang.disputes.models import Dispute, ScreeningItem, Status
from jingwang.disputes.services import screening
from jingwang.disputes.tests.conftest import B1, PDF, agreed, referred, report
from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_grid_worker_reports_from_the_phone_form(world: World, client: Any) -> None:
    sign_in(client, world.grid_a1)
    page = client.get("/disputes/report/")
    assert page.status_code == 200 and 'data-testid="report-form"' in page.content.decode()
    response = client.post(
        "/disputes/report/",
        {
            "title": "噪音扰民",
            "kind": "neighbours",
            "source": "grid",
            "risk": "low",
            "scale": "individual",
            "people_involved": 2,
            "summary": "夜间装修噪音。",
            "grid": world.node("grid:320106001001001").pk,
            "applicant_name": "王芳",
            "applicant_phone": "138 1234 5678",
            "respondent_name": "李强",
        },
    )
    d = Dispute.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/disputes/{d.pk}/"
    assert d.reported_by == world.grid_a1 and d.parties.count() == 2
    assert d.parties.get(role="applicant").phone_masked == "138****5678"


def test_report_form_shows_field_errors(world: World, client: Any) -> None:
    sign_in(client, world.grid_a1)
    response = client.post("/disputes/report/", {"title": "", "kind": "neighbours", "source": "grid"})
    assert response.status_code == 200 and not Dispute.objects.exists()


def test_ledger_shows_only_scope_and_is_audited(world: World, client: Any) -> None:
    report(world, title="甲社区纠纷")
    report(world, by="grid_b1", grid=B1, title="乙社区纠纷")
    sign_in(client, world.officer_a)
    body = client.get("/disputes/").content.decode()
    assert "甲社区纠纷" in body and "乙社区纠纷" not in body
    assert AuditEvent.objects.filter(action="disputes.dispute.list", actor=world.officer_a).exists()


def test_department_staff_see_no_disputes(world: World, client: Any) -> None:
    sign_in(client, world.dept)
    assert client.get("/disputes/").status_code == 403


def test_page_of_a_dispute_out_of_scope_is_404_and_audited(world: World, client: Any) -> None:
    d = report(world, by="grid_b1", grid=B1)
    sign_in(client, world.officer_a)
    assert client.get(f"/disputes/{d.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="authz_denied", object_id=str(d.pk)).exists()
    sign_in(client, world.mediator)
    assert client.get(f"/disputes/{d.pk}/").status_code == 404


def _act(client: Any, d: Dispute, transition: str, **data: Any) -> Any:
    """A button of the case actions on the dispute's page (the generic case action endpoint)."""
    body = {"action": "transition", "transition": transition, "next": f"/disputes/{d.pk}/", **data}
    return client.post(f"/cases/{d.case_id}/act/", body)


def test_officer_accepts_and_refers_from_the_page(world: World, client: Any) -> None:
    d = report(world)
    sign_in(client, world.officer_a)
    page = client.get(f"/disputes/{d.pk}/").content.decode()
    assert 'data-testid="accept-form"' in page and 'data-testid="case-timeline"' in page
    assert 'data-testid="refer_mediator-form"' not in page and 'data-testid="party-link"' in page
    assert '<option value="">本人</option>' in page  # choosing nobody: the officer accepting handles it
    assert _act(client, d, "accept", officer="")["Location"] == f"/disputes/{d.pk}/"
    assert Dispute.objects.get(pk=d.pk).officer == world.officer_a
    current = client.get(f"/disputes/{d.pk}/").content.decode()
    assert '<li class="current" aria-current="step" data-testid="current-state">民警办理中</li>' in current
    page = client.get(f"/disputes/{d.pk}/").content.decode()
    assert 'data-testid="refer_mediator-form"' in page and f'<option value="{world.mediator.pk}">' in page
    _act(client, d, "refer_mediator", mediator=world.mediator.pk, note="请调解")
    d.refresh_from_db()
    assert d.status == Status.REFERRED and d.mediator == world.mediator and d.case.handler_user == world.mediator


def test_mediator_records_a_session_with_an_agreement_on_the_page(world: World, client: Any) -> None:
    d = referred(world)
    sign_in(client, world.mediator)
    page = client.get(f"/disputes/{d.pk}/").content.decode()
    assert 'data-testid="session-link"' in page and 'data-testid="accept-form"' not in page
    assert 'data-testid="party-link"' not in page  # a mediator adds no party
    assert 'data-testid="mediated-form"' in page and 'data-testid="transition-hand_back"' in page
    upload = SimpleUploadedFile("协议.pdf", PDF, content_type="application/pdf")
    held = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    answer = client.post(f"/disputes/{d.pk}/session/", {"held_at": held, "participants": "双方", "agreement": upload})
    assert answer.status_code == 302 and answer["Location"] == f"/disputes/{d.pk}/"
    session = d.sessions.get()
    link = f"/disputes/{d.pk}/sessions/{session.pk}/agreement/"
    assert link in client.get(f"/disputes/{d.pk}/").content.decode()
    download = client.get(link)
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="disputes.agreement.read", actor=world.mediator).exists()
    _act(client, d, "mediated", outcome="agreement", note="达成协议")
    assert Dispute.objects.get(pk=d.pk).outcome == "agreement"
    sign_in(client, world.officer_b)
    assert client.get(link).status_code == 404
    assert client.get(f"/disputes/{d.pk}/session/").status_code == 404


def test_a_session_form_with_bad_input_shows_its_errors(world: World, client: Any) -> None:
    d = referred(world)
    sign_in(client, world.mediator)
    future = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    answer = client.post(f"/disputes/{d.pk}/session/", {"held_at": future, "participants": "双方"})
    assert answer.status_code == 200 and 'class="errorlist' in answer.content.decode()
    assert not d.sessions.exists()


def test_a_refused_action_shows_its_message(world: World, client: Any) -> None:
    d = agreed(world)
    sign_in(client, world.officer_a)
    response = _act(client, d, "close")
    assert Dispute.objects.get(pk=d.pk).status == Status.RESOLVED
    shown = client.get(response["Location"])
    assert shown.status_code == 200 and len(list(shown.context["messages"])) == 1


def test_page_export_asks_for_the_password_again(world: World, client: Any) -> None:
    from jingwang.accounts.stepup import REAUTH_AT

    report(world)
    sign_in(client, world.officer_a)
    session = client.session
    session[REAUTH_AT] = 0
    session.save()
    response = client.get("/disputes/", {"export": "csv"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/confirm/")


def test_screening_page_lets_a_grid_worker_check_off_a_line(world: World, client: Any) -> None:
    screening.screening_generate()
    sign_in(client, world.grid_a1)
    page = client.get("/disputes/screening/").content.decode()
    assert page.count('data-testid="screening-round"') == 1
    item = ScreeningItem.objects.filter(round__community__code="320106001001").first()
    assert item is not None
    client.post("/disputes/screening/", {"item": item.pk, "finding": "无"})
    item.refresh_from_db()
    assert item.done_by == world.grid_a1 and item.finding == "无"


def test_figures_page_renders(world: World, client: Any) -> None:
    agreed(world)
    sign_in(client, world.leader)
    response = client.get("/disputes/figures/", {"by": "district"})
    assert response.status_code == 200 and 'data-testid="dispute-figures"' in response.content.decode()


def test_the_officer_reveals_a_partys_phone_on_the_page_once(world: World, client: Any) -> None:
    d = report(world)
    party = d.parties.get(role="applicant")
    sign_in(client, world.officer_a, stepped_up=True)
    page = client.get(f"/disputes/{d.pk}/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
    client.post(f"/disputes/{d.pk}/reveal/", {"party": party.pk, "purpose": "联系当事人"})
    assert "13812345678" in client.get(f"/disputes/{d.pk}/").content.decode()
    assert "13812345678" not in client.get(f"/disputes/{d.pk}/").content.decode()
    assert AuditEvent.objects.filter(action="disputes.party.reveal", actor=world.officer_a).exists()


class TestLedgerPages(ScopedPageContract):
    list_page = views.LedgerView
    detail_page = views.DetailView
    viewer = "officer_a"
    no_permission_user = "dept"

    def in_scope(self, world: World) -> Any:
        return self._made(world, "in", lambda: report(world, title="甲社区纠纷"))

    def out_of_scope(self, world: World) -> Any:
        return self._made(world, "out", lambda: report(world, by="grid_b1", grid=B1, title="乙社区纠纷"))

    def more_in_scope(self, world: World, i: int) -> Any:
        return self._made(world, i, lambda: report(world, title=f"纠纷{i}"))

    def marker(self, obj: Any) -> str:
        return f'href="/disputes/{obj.pk}/"'

    def _made(self, world: World, key: Any, make: Any) -> Any:
        cache = world.__dict__.setdefault("_ledger_pages", {})
        if key not in cache:
            cache[key] = make()
        return cache[key]


def test_the_officer_adds_a_party_and_records_the_return_visit_on_their_pages(world: World, client: Any) -> None:
    d = report(world)
    sign_in(client, world.officer_a)
    added = client.post(f"/disputes/{d.pk}/party/", {"role": "other", "name": "赵六", "phone": "13912345678"})
    assert added.status_code == 302 and added["Location"] == f"/disputes/{d.pk}/"
    assert d.parties.filter(name="赵六", phone_masked="139****5678").exists()
    unknown = client.post(f"/disputes/{d.pk}/party/", {"role": "other", "id_number": "110101199003078515"})
    assert unknown.status_code == 200 and "errorlist" in unknown.content.decode()  # not in the registry here
    d = agreed(world)
    visited = client.post(
        f"/disputes/{d.pk}/visit/", {"visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "method": "phone"}
    )
    assert visited.status_code == 302 and d.return_visits.get().holds is False  # unticked: does not hold
    sign_in(client, world.grid_a1)
    assert client.get(f"/disputes/{d.pk}/visit/").status_code in (403, 404)
