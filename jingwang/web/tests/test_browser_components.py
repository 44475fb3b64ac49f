"""The shared components in headless Chromium at a phone's width (390 px)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from jingwang.browser_testing import sign_in
from jingwang.core.identity import synthetic_id_number
from jingwang.demo.seed import FIRST_COMMUNITY
from jingwang.registry.services import persons
from jingwang.territory.models import Node, NodeKind

pytestmark = pytest.mark.browser


def test_residents_table_becomes_cards_on_a_phone(open_page: Any, demo_city: Any, settings: Any) -> None:
    """At 390 px each resident is a card: the name on one line across the card, every value after its
    label, no column headings squeezing the names one character per line."""
    settings.REQUIRE_MFA = False
    grid = Node.objects.get(kind=NodeKind.GRID, code=f"{FIRST_COMMUNITY}001")
    for seq, name in enumerate(["测试欧阳晓梅", "测试林晓梅"], start=1):
        data = {"name": name, "id_number": synthetic_id_number(region="320106", birth=date(1990, 5, seq), seq=seq)}
        persons.person_create(by=None, grid=grid, data=data)
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
