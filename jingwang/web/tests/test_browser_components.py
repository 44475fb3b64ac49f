"""The shared components in headless Chromium at a phone's width (390 px)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from jingwang.browser_testing import sign_in

pytestmark = pytest.mark.browser


def test_residents_table_becomes_cards_on_a_phone(open_page: Any, demo_city: Any, settings: Any) -> None:
    """At 390 px each resident is a card: the name on one line across the card, every value after its
    label, no column headings squeezing the names one character per line."""
    settings.REQUIRE_MFA = False
    page = open_page(viewport=(390, 844))
    sign_in(page, demo_city.url, "officer")
    page.goto(f"{demo_city.url}/registry/persons/")
    table = page.get_by_test_id("person-table")
    expect(table).to_be_visible()
    expect(table.locator("thead")).not_to_be_visible()

    name = table.locator("td.ui-card-title").first
    box = name.bounding_box()
    assert box is not None and box["width"] > 300  # the name spans the card, not a narrow column
    line = float(name.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    assert box["height"] < 2 * line  # one line

    grid = table.locator('td[data-label="网格"]').first
    label = grid.evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"网格"'
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off the screen
