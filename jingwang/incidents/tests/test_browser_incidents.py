"""Incidents in a real browser: an officer on a phone filters the preventable ones of the area and
opens one, whose victim's identifiers show masked."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.accounts.models import User
from jingwang.browser_testing import sign_in
from jingwang.demo.incidents_seed import seed_incidents
from jingwang.incidents.models import Incident

pytestmark = pytest.mark.browser


def test_officer_filters_preventable_incidents_on_a_phone_and_sees_identifiers_masked(
    open_page: Any, demo_city: Any, settings: Any
) -> None:
    settings.REQUIRE_MFA = False
    assert seed_incidents(months=3, per_grid_month=0.5).created > 0
    phone = open_page(viewport=(390, 844))
    sign_in(phone, demo_city.url, "officer")
    phone.goto(f"{demo_city.url}/incidents/?preventable=true")
    table = phone.get_by_test_id("incidents")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    numbers = [n.strip() for n in table.locator("a").all_inner_texts()]
    shown = list(Incident.objects.filter(number__in=numbers).select_related("category"))
    assert shown and all(i.category.preventable for i in shown)
    officer = User.objects.get(username="officer")
    assert {i.number for i in Incident.objects.restrict(officer).filter(category__preventable=True)} >= set(numbers)
    victim = next(i for i in shown if i.victim_id_masked)
    table.get_by_role("link", name=victim.number).click()
    phone.wait_for_url(lambda url: url.rstrip("/").endswith(f"/incidents/{victim.pk}"))
    text = phone.locator("main").inner_text()
    assert victim.victim_id_masked in text and victim.victim_id_masked[6:14] == "********"
