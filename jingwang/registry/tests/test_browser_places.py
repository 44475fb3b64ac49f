"""A grid worker on a phone (390 px) goes from the houses of their grid to who lives in one."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.browser_testing import sign_in

pytestmark = pytest.mark.browser


def test_grid_worker_on_a_phone_opens_a_house_of_their_grid_and_its_residents(
    open_page: Any, demo_city: Any, settings: Any
) -> None:
    from jingwang.demo.registry_seed import seed_registry
    from jingwang.demo.seed import FIRST_COMMUNITY
    from jingwang.territory.models import Node

    settings.REQUIRE_MFA = False
    seed_registry(residents=120, units=4, grids=list(Node.objects.filter(kind="grid", code=f"{FIRST_COMMUNITY}001")))
    phone = open_page(viewport=(390, 844))
    sign_in(phone, demo_city.url, "gridworker")
    phone.goto(f"{demo_city.url}/registry/houses/")
    table = phone.get_by_test_id("house-table")
    assert table.locator("tbody tr").count() > 0
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # cards, no sideways scrolling
    table.locator("tbody tr a").first.click()
    phone.wait_for_load_state("load")
    assert "/registry/houses/" in phone.url
    residents = phone.get_by_test_id("house-residents")
    first = residents.locator("a").first
    assert "/registry/persons/" in (first.get_attribute("href") or "")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
