"""On a phone, the security administrator finds a grid in the scope picker by typing and creates an account."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jingwang.accounts.models import RoleAssignment
from jingwang.browser_testing import sign_in
from jingwang.demo.seed import DEMO_PASSWORD, FIRST_COMMUNITY

pytestmark = pytest.mark.browser


def test_security_admin_picks_a_grid_by_typing_on_a_phone(open_page: Any, demo_city: Any, settings: Any) -> None:
    settings.REQUIRE_MFA = False
    page = open_page(viewport=(390, 844))
    sign_in(page, demo_city.url, "secadmin")
    page.goto(f"{demo_city.url}/accounts/users/new/")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.get_by_test_id("reauth-submit").click()
    picker = page.get_by_test_id("scope-picker-scopes")
    expect(picker).to_be_visible()
    grid = f"{FIRST_COMMUNITY}001"
    option = picker.locator(f'label:has(input[value="grid:{grid}"])')
    other = picker.locator("label[data-node-item]").first
    picker.locator("input[data-node-filter]").fill(grid)
    expect(option).to_be_visible()
    expect(option).to_contain_text("网格")
    expect(other).to_be_hidden()  # the filter has run (typing is applied asynchronously)
    assert picker.locator("label[data-node-item]:visible").count() <= 3  # the grid and its micro-grids, if any
    box = picker.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    option.locator("input").check()
    page.locator("input[name=username]").fill("picked_worker")
    page.locator("input[name=display_name]").fill("新网格员")
    page.locator("input[name=password]").fill(DEMO_PASSWORD + "-new")
    page.locator("select[name=role]").select_option("grid_worker")
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/users/new/" not in url)
    assert RoleAssignment.objects.filter(user__username="picked_worker", node__code=grid, node__kind="grid").exists()
