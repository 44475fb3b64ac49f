"""End-to-end checks in headless Chromium against the live server and the demo city."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyotp
import pytest
from playwright.sync_api import expect

from jingwang.browser_testing import ARTIFACTS, sign_in
from jingwang.demo.seed import FIRST_COMMUNITY
from jingwang.territory.models import Node, NodeKind

pytestmark = pytest.mark.browser


def test_officer_signs_in_switches_language_and_opens_a_grid_map(open_page: Any, demo_city: Any, settings: Any) -> None:
    settings.REQUIRE_MFA = False
    page = open_page()
    page.goto(f"{demo_city.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_test_id("login-submit")).to_contain_text("登录")

    sign_in(page, demo_city.url, "officer")
    title = page.get_by_test_id("home-title")
    expect(title).to_have_attribute("data-role", "community_officer")
    expect(title).to_contain_text("工作台")
    expect(page.get_by_test_id("whoami")).to_have_text("陈建国")
    # Production cookie settings hold: Chromium keeps Secure cookies on http://localhost.
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies[settings.SESSION_COOKIE_NAME]["secure"] and cookies[settings.CSRF_COOKIE_NAME]["secure"]

    page.get_by_test_id("switch-language").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(title).to_contain_text("workbench")
    expect(title).to_have_attribute("data-role", "community_officer")

    page.goto(f"{demo_city.url}/territory/")
    tree = page.get_by_test_id("territory-tree")
    # The officer's grids are also roots of the tree; reach one the long way, down the police tree
    # (province › city › bureau › station › police district), each level loaded by htmx.
    grid_link = tree.locator('.sub a[data-kind="grid"]').first
    closed = tree.locator('li:has(> a:not([data-kind="grid"])) > button.expand', has_text="+")
    for _ in range(8):
        if grid_link.is_visible():
            break
        children_url = closed.first.get_attribute("hx-get")
        with page.expect_response(lambda r, url=children_url: r.url.endswith(url) and r.ok):
            closed.first.click()
        # The button turns to − only once the branch has been swapped in.
        expect(tree.locator(f'button[hx-get="{children_url}"]')).to_have_text("−")
    expect(grid_link).to_be_visible()
    grid_name = grid_link.inner_text()

    # A second click closes the branch without asking the server; a third loads it again.
    holder = tree.locator(f'li:has(.sub a[data-kind="grid"]:text-is("{grid_name}")) > button.expand').last
    branch_url = holder.get_attribute("hx-get")
    branch = tree.locator(f'button[hx-get="{branch_url}"]')
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    branch.click()
    expect(branch).to_have_text("+")
    expect(branch).to_have_attribute("aria-expanded", "false")
    expect(grid_link).to_be_hidden()
    assert not [url for url in requests if url.endswith(branch_url)], requests
    with page.expect_response(lambda r: r.ok and r.url.endswith(branch_url)):
        branch.click()
    expect(branch).to_have_text("−")
    expect(grid_link).to_be_visible()

    grid_link.click()
    expect(page.get_by_test_id("node-title")).to_contain_text(grid_name)
    node_map = page.locator('#map[data-ready="1"]')
    expect(node_map).to_be_visible()
    assert int(node_map.get_attribute("data-layers")) >= 1
    expect(node_map.locator("path.leaflet-interactive").first).to_be_attached()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(Path(ARTIFACTS) / "officer-grid-map.png"), full_page=True)


def test_grid_worker_on_a_phone_sees_the_menu_behind_a_toggle(open_page: Any, demo_city: Any, settings: Any) -> None:
    settings.REQUIRE_MFA = False
    grid = Node.objects.get(kind=NodeKind.GRID, code=f"{FIRST_COMMUNITY}001")
    page = open_page(viewport=(390, 844))
    sign_in(page, demo_city.url, "gridworker")
    expect(page.get_by_test_id("home-title")).to_have_attribute("data-role", "grid_worker")

    territory = page.locator('nav.mainnav a[href="/territory/"]')
    expect(page.locator("nav.mainnav")).to_be_hidden()
    expect(territory).to_be_hidden()
    page.locator("label.nav-toggle-label").click()
    expect(territory).to_be_visible()

    grids = page.locator("ul.grid-list")
    expect(grids.get_by_role("link", name=grid.name, exact=True)).to_be_visible()
    expect(grids.locator("li")).to_have_count(1)


def test_sign_in_with_second_factor_enrolment(open_page: Any, demo_city: Any, settings: Any) -> None:
    settings.REQUIRE_MFA = True
    page = open_page()
    sign_in(page, demo_city.url, "sysadmin")
    page.wait_for_url("**/accounts/mfa/**")
    secret = page.get_by_test_id("mfa-secret").inner_text().strip()
    assert secret
    page.locator("input[name=otp]").fill(pyotp.TOTP(secret).now())
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(f"{demo_city.url}/")
    expect(page.get_by_test_id("home-title")).to_have_attribute("data-role", "system_admin")


def test_demo_banner_is_on_every_page(open_page: Any, demo_city: Any, settings: Any) -> None:
    settings.DEMO = True
    settings.REQUIRE_MFA = False
    page = open_page()
    page.goto(f"{demo_city.url}/accounts/login/")
    expect(page.get_by_test_id("demo-banner")).to_be_visible()
    sign_in(page, demo_city.url, "officer")
    expect(page.get_by_test_id("home-title")).to_have_attribute("data-role", "community_officer")
    expect(page.get_by_test_id("demo-banner")).to_be_visible()


def test_desktop_menu_opens_one_domain_group_at_a_time(open_page: Any, demo_city: Any, settings: Any) -> None:
    settings.REQUIRE_MFA = False
    page = open_page(viewport=(1280, 800))
    sign_in(page, demo_city.url, "officer")
    cases = page.locator('nav.mainnav a[href="/cases/"]')
    territory = page.locator('nav.mainnav a[href="/territory/"]')
    expect(page.locator("nav.mainnav details.navgroup > summary").first).to_be_visible()
    expect(cases).to_be_hidden()
    page.locator('details.navgroup[data-group="casework"] > summary').click()
    expect(cases).to_be_visible()
    page.locator('details.navgroup[data-group="field_work"] > summary').click()
    expect(territory).to_be_visible()
    expect(cases).to_be_hidden()  # the other group closed
    page.keyboard.press("Escape")
    expect(territory).to_be_hidden()
    # The group summaries sit in one row of the top bar.
    tops = {round(s.bounding_box()["y"]) for s in page.locator("details.navgroup > summary").all()}
    assert len(tops) == 1


def test_phone_menu_shows_every_domain_group_open_behind_the_menu_button(
    open_page: Any, demo_city: Any, settings: Any
) -> None:
    settings.REQUIRE_MFA = False
    page = open_page(viewport=(390, 844))
    sign_in(page, demo_city.url, "officer")
    cases = page.locator('nav.mainnav a[href="/cases/"]')
    expect(cases).to_be_hidden()
    page.locator("label.nav-toggle-label").click()
    expect(cases).to_be_visible()
    expect(page.locator('details.navgroup[data-group="collection"] > summary')).to_be_visible()
    page.screenshot(path=str(Path(ARTIFACTS) / "officer-phone-menu.png"), full_page=True)
