"""On-the-spot check in a real browser: an auxiliary officer on a phone checks a listed person of
another district; the responsible officer finds the hit in their inbox."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.browser_testing import sign_in

pytestmark = pytest.mark.browser

WHERE = {"longitude": 118.734, "latitude": 32.088}


def test_phone_check_hit_reaches_the_responsible_officers_inbox(open_page: Any, demo_city: Any, settings: Any) -> None:
    from datetime import date

    from jingwang.accounts.models import User
    from jingwang.audit.models import AuditEvent
    from jingwang.core.identity import synthetic_id_number
    from jingwang.registry.services.persons import person_create
    from jingwang.territory.models import Node
    from jingwang.verification.models import WatchCategory
    from jingwang.verification.services import watchlists

    settings.REQUIRE_MFA = False
    leader = User.objects.get(username="leader")
    # A resident of officer2's district (not the auxiliary's).
    grid = Node.objects.filter(kind="grid", police_district__code="320106001002").order_by("code").first()
    assert grid is not None
    id_number = synthetic_id_number(region="320106", birth=date(1983, 8, 9), seq=517)
    person = person_create(by=None, grid=grid, data={"name": "测试在逃", "id_number": id_number})
    wanted = watchlists.watchlist_create(
        by=leader,
        name="在逃人员",
        category=WatchCategory.WANTED,
        legal_basis="通缉令",
        node=Node.objects.get(kind="station", code="320106001"),
    )
    watchlists.entry_add(
        by=leader,
        watchlist_id=wanted.pk,
        person_id=person.pk,
        instruction="跟踪并报告，不要惊动",
        sensitive_details="涉枪",
    )

    phone = open_page(viewport=(390, 844), geolocation=WHERE, permissions=["geolocation"])
    sign_in(phone, demo_city.url, "auxiliary")
    phone.goto(f"{demo_city.url}/verify/")
    phone.wait_for_function("document.getElementById('id_lat').value !== ''")
    phone.get_by_test_id("verify-form").locator("input[name=id_number]").fill(id_number)
    phone.get_by_test_id("verify-submit").click()
    card = phone.get_by_test_id("verify-result")
    assert card.get_attribute("data-outcome") == "watchlist_hit"
    assert phone.get_by_test_id("verify-instruction").inner_text() == "跟踪并报告，不要惊动"
    assert "涉枪" not in card.inner_text() and id_number not in card.inner_text()
    box = card.bounding_box()
    assert box is not None and box["width"] <= 390  # the card fits the phone
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    desk = open_page()
    sign_in(desk, demo_city.url, "officer2")
    desk.goto(f"{demo_city.url}/inbox/")
    assert person.name in desk.get_by_test_id("notification").first.inner_text()
    event = AuditEvent.objects.filter(action="verification.check").order_by("-id").first()
    assert event is not None and event.actor_username == "auxiliary" and event.details is not None
    assert event.details["location"] == [pytest.approx(32.088), pytest.approx(118.734)]
