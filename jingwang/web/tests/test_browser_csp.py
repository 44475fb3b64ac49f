"""SECURITY 28 in a real browser: the pages run under the Content-Security-Policy without a single
violation (Chromium reports each refused inline script or style as a console error, which fails
the test through the `open_page` fixture)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jingwang.browser_testing import sign_in

pytestmark = pytest.mark.browser


def test_api_docs_page_runs_under_the_policy(open_page: Any, demo_city: Any, settings: Any) -> None:
    settings.REQUIRE_MFA = False
    page = open_page()
    sign_in(page, demo_city.url, "officer")
    response = page.goto(f"{demo_city.url}/api/docs/")
    assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI drew the operations; the schema is generated on this request, which takes seconds
    # on a loaded two-core machine, hence the longer wait.
    expect(page.locator(".opblock").first).to_be_visible(timeout=60_000)


def test_pages_with_former_inline_code_work_under_the_policy(open_page: Any, demo_city: Any, settings: Any) -> None:
    settings.REQUIRE_MFA = False
    page = open_page(
        viewport=(390, 844), geolocation={"latitude": 32.05, "longitude": 118.77}, permissions=["geolocation"]
    )
    sign_in(page, demo_city.url, "officer")
    page.goto(f"{demo_city.url}/verify/")
    expect(page.locator("#locate-status")).not_to_be_empty()  # the location script ran
    assert page.locator("#id_lat").input_value() == "32.050000"
    page.goto(f"{demo_city.url}/registry/persons/")
    expect(page.get_by_test_id("person-table")).to_be_visible()
    page.goto(f"{demo_city.url}/cases/?show=all")
    page.get_by_test_id("cases").locator("tbody tr").first.locator(
        "a"
    ).first.click()  # the demo city has cases in the district
    expect(page.get_by_test_id("deadline-badge").first).to_be_visible()
    expect(page.get_by_test_id("case-timeline")).to_be_visible()
