"""A dispute end to end in a real browser: a grid worker reports it from a phone, the officer
accepts it and refers it to a mediator (公调对接), the mediator records a session with the signed
agreement and the outcome, the officer makes the return visit and closes it. The timeline on the
page and the audit trail hold every step; the mediator's ledger holds only this dispute."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jingwang.browser_testing import sign_in
from jingwang.disputes.tests.conftest import PDF

pytestmark = pytest.mark.browser

TITLE = "楼上漏水引发邻里纠纷（浏览器测试）"


def test_grid_worker_reports_officer_refers_mediator_agrees_officer_closes_after_return_visit(
    open_page: Any, demo_city: Any, settings: Any, tmp_path: Path
) -> None:
    from jingwang.audit.models import AuditEvent
    from jingwang.disputes.models import Dispute

    settings.REQUIRE_MFA = False
    base = demo_city.url

    # 1. The grid worker, on a phone.
    phone = open_page(viewport=(390, 844))
    sign_in(phone, base, "gridworker")
    phone.goto(f"{base}/disputes/report/")
    form = phone.get_by_test_id("report-form")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("select[name=kind]").select_option("neighbours")
    form.locator("textarea[name=summary]").fill("702室卫生间漏水，602室多次交涉未果，双方争吵。")
    form.locator("input[name=place]").fill("宁海路5号2栋")
    form.locator("input[name=applicant_name]").fill("王芳")
    form.locator("input[name=applicant_phone]").fill("13812345678")
    form.locator("input[name=respondent_name]").fill("李强")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    phone.get_by_test_id("report-submit").click()
    phone.wait_for_url("**/disputes/*/")
    assert "138****5678" in phone.get_by_test_id("parties").inner_text()
    assert "13812345678" not in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # the dispute's page fits too
    # The case number stays on one line (it broke mid-token at 390 px).
    assert phone.get_by_test_id("case-number").evaluate("e => e.getClientRects().length") == 1
    dispute = Dispute.objects.get(case__title=TITLE)
    assert Dispute.objects.exclude(mediator__username="mediator").exists()  # the demo has others
    url = f"{base}/disputes/{dispute.pk}/"

    # 2. The community officer accepts it (themself handling it) and refers it to the station's
    # mediator: the case type's steps, as buttons of the case actions on the dispute's page.
    desk = open_page()
    sign_in(desk, base, "officer")
    desk.goto(url)
    desk.get_by_test_id("transition-accept").click()
    desk.wait_for_selector('[data-testid="refer_mediator-form"]')
    from jingwang.accounts.models import User

    mediator = User.objects.get(username="mediator")
    refer = desk.get_by_test_id("refer_mediator-form")
    refer.locator("select[name=mediator]").select_option(str(mediator.pk))
    refer.locator("input[name=note]").fill("请人民调解员介入")
    desk.get_by_test_id("transition-refer_mediator").click()
    desk.wait_for_selector(f'.ui-fields dd:has-text("{mediator.display_name}")')

    # 3. The mediator sees only this referred dispute, records the session and the agreement.
    med = open_page()
    sign_in(med, base, "mediator")
    med.goto(f"{base}/disputes/")
    ledger = med.get_by_test_id("dispute-table").inner_text()
    assert TITLE in ledger
    rows = med.get_by_test_id("dispute-table").locator("tbody tr")
    assert rows.count() == Dispute.objects.filter(mediator=mediator).count()
    for other in Dispute.objects.exclude(mediator=mediator):  # the demo's disputes not referred to them
        assert other.title not in ledger
    med.goto(url)
    med.get_by_test_id("session-link").click()
    session = med.get_by_test_id("session-form")
    session.locator("textarea[name=participants]").fill("王芳、李强、调解员")
    session.locator("textarea[name=notes]").fill("李强同意修复防水并赔偿2000元。")
    agreement = tmp_path / "调解协议书.pdf"
    agreement.write_bytes(PDF)
    session.locator("input[name=agreement]").set_input_files(str(agreement))
    med.get_by_test_id("session-submit").click()
    med.wait_for_selector('[data-testid="agreement-link"]')
    outcome = med.get_by_test_id("mediated-form")
    outcome.locator("select[name=outcome]").select_option("agreement")
    outcome.locator("input[name=note]").fill("双方签订调解协议")
    med.get_by_test_id("transition-mediated").click()
    med.wait_for_selector('.ui-fields dd:has-text("达成调解协议")')

    # 4. The officer makes the return visit and closes the dispute.
    desk.goto(url)
    desk.get_by_test_id("visit-link").click()
    desk.get_by_test_id("visit-form").locator("textarea[name=notes]").fill("已修复，赔偿到位，双方满意。")
    desk.get_by_test_id("visit-submit").click()
    desk.wait_for_selector('[data-testid="transition-close"]')
    desk.get_by_test_id("transition-close").click()
    desk.wait_for_selector('[data-testid="current-state"]:has-text("已办结")')  # the path's last step
    assert desk.get_by_test_id("deadline-badge").count() == 0  # said once: no "closed" badge as well

    # The timeline on the page holds every step, in order.
    kinds = (
        desk.get_by_test_id("case-timeline")
        .locator("li[data-kind]")
        .evaluate_all("items => items.map(i => i.dataset.kind)")
    )
    assert kinds == [
        "opened",  # reported by the grid worker
        "transition",  # accepted
        "assigned",  # by the officer, who handles it
        "transition",  # referred
        "referred",  # to the mediator
        "comment",  # session with the signed agreement
        "transition",  # outcome: agreement
        "comment",  # return visit
        "transition",  # closed
    ]
    timeline = desk.get_by_test_id("case-timeline").inner_text()
    assert "请人民调解员介入" in timeline and "双方签订调解协议" in timeline

    # The audit trail holds every step, by whom.
    steps = list(
        AuditEvent.objects.filter(object_type="disputes.dispute", object_id=str(dispute.pk))
        .exclude(action__in=["disputes.dispute.read", "disputes.agreement.read"])
        .order_by("occurred_at", "id")
        .values_list("action", "actor_username")
    )
    assert steps == [
        ("disputes.dispute.report", "gridworker"),
        ("disputes.dispute.accept", "officer"),
        ("disputes.dispute.refer", "officer"),
        ("disputes.session.record", "mediator"),
        ("disputes.dispute.resolve", "mediator"),
        ("disputes.return_visit.record", "officer"),
        ("disputes.dispute.close", "officer"),
    ]
    case_steps = set(
        AuditEvent.objects.filter(object_type="casework.case", object_id=str(dispute.case_id)).values_list(
            "action", flat=True
        )
    )
    assert {
        "casework.case.open",
        "casework.case.assign",
        "casework.case.refer",
        "casework.case.transition",
    } <= case_steps
    dispute.refresh_from_db()
    assert dispute.status == "closed" and dispute.case.closed_at is not None
