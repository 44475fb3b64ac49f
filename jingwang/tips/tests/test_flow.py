"""Must show: a resident submits a tip with a photo on the portal, the officer handles it on the
case page, the resident follows its status by tracking code and rates it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from jingwang.audit.models import AuditEvent
from jingwang.casework.models import Case, CaseAttachment
from jingwang.testing import World, sign_in
from jingwang.tips.models import Evaluation, Tip
from jingwang.tips.selectors import officer_figures
from jingwang.tips.tests.fixtures import IN_A1, category, photo, resident_client

pytestmark = pytest.mark.django_db


def test_resident_submits_a_tip_with_a_photo_officer_closes_it_resident_follows_and_rates_it(world: World) -> None:
    cat = category()
    resident = resident_client(world)
    page = resident.get("/portal/tips/new/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "110" in html and "不会实时" in html  # the emergency banner and the form's warning

    answer = resident.post(
        "/portal/tips/new/",
        {
            "category": cat.pk,
            "description": "小区东门每晚有人聚众喝酒喧哗到凌晨",
            "address_text": "宁海路1号东门",
            "lat": str(IN_A1[0]),
            "lon": str(IN_A1[1]),
            "photos": [photo()],
        },
    )
    assert answer.status_code == 201, answer.content.decode()
    code = re.search(r'data-testid="tracking-code">([^<]+)<', answer.content.decode()).group(1)  # type: ignore[union-attr]
    tip = Tip.objects.get()
    assert code not in str(Tip.objects.values().get())  # only its keyed hash is kept
    assert tip.case.grid.code == "320106001001001" and tip.case.assignee == world.officer_a
    assert CaseAttachment.objects.filter(case=tip.case).count() == 1
    assert not tip.show_name and tip.resident == world.resident

    officer = sign_in(Client(), world.officer_a)
    case_page = officer.get(f"/cases/{tip.case_id}/").content.decode()
    assert "小区东门每晚" in case_page
    assert officer.post(f"/cases/{tip.case_id}/act/", {"action": "transition", "transition": "take"}).status_code in (
        200,
        302,
    )
    assert Case.objects.get(pk=tip.case_id).state == "handling"

    # Anyone holding the code follows it without signing in; the inner state is never shown.
    status = Client().post("/portal/tips/track/", {"code": code.lower().replace("-", " ")})
    assert status.status_code == 200
    assert 'data-status="handling"' in status.content.decode()

    officer.post(
        f"/cases/{tip.case_id}/act/",
        {"action": "transition", "transition": "solve", "note": "已联系物业加强巡查，喧哗已制止"},
    )
    tip.refresh_from_db()
    assert tip.public_status == "solved" and tip.public_reply == "已联系物业加强巡查，喧哗已制止"
    shown = Client().post("/portal/tips/track/", {"code": code}).content.decode()
    assert 'data-status="solved"' in shown and "已联系物业加强巡查" in shown

    rated = resident.post(f"/portal/tips/{tip.pk}/rate/", {"rating": "4", "comment": "处理及时"})
    assert rated.status_code == 302
    evaluation = Evaluation.objects.get()
    assert (evaluation.rating, evaluation.officer, evaluation.kind) == (4, world.officer_a, "tips.tip")
    [figure] = officer_figures(Evaluation.objects.restrict(world.leader))
    assert (figure.officer_id, figure.count, figure.average) == (world.officer_a.pk, 1, 4.0)
    assert AuditEvent.objects.filter(action="tips.tip.read", object_id=str(tip.pk)).count() >= 2
