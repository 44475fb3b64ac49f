"""The bureau commander's dashboard in a real browser: from the bureau down to one grid, then to
the disputes behind the number; the charts draw; the page fits a phone."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from jingwang.browser_testing import sign_in

pytestmark = pytest.mark.browser


def _busiest_child(page: Any) -> Any:
    """The drill-down link of the area with the largest number (the demo's disputes sit in one grid)."""
    rows = page.locator('[data-testid="children-table"] tbody tr')
    best, best_value = None, -1.0
    for i in range(rows.count()):
        row = rows.nth(i)
        text = row.locator("td").nth(1).inner_text().strip().rstrip("%")
        value = float(text) if text.replace(".", "", 1).isdigit() else 0.0
        if value > best_value:
            best, best_value = row.get_by_test_id("drill"), value
    assert best is not None
    return best


def test_commander_drills_from_the_bureau_to_a_grid_and_to_the_disputes_behind_a_number(
    open_page: Any, demo_city: Any, settings: Any
) -> None:
    from jingwang.disputes.models import Dispute
    from jingwang.figures import engine

    engine.refresh_recent(days=40)  # what the demo's worker does once it is up
    settings.REQUIRE_MFA = False
    base = demo_city.url
    month = timezone.localdate().strftime("%Y-%m")  # the demo's disputes were reported this month
    page = open_page(viewport=(390, 844))
    sign_in(page, base, "commander")
    page.goto(f"{base}/figures/?month={month}&figure=disputes.reported")
    assert page.get_by_test_id("dashboard-node").inner_text().endswith("分局")
    page.wait_for_selector("#figures-chart-trend[data-drawn=true]")
    assert "同比" in page.get_by_test_id("figures-table").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 400  # readable on a phone
    for kind in ("station", "police_district", "grid"):
        _busiest_child(page).click()
        page.wait_for_url(f"**node={kind}%3A*")
    grid_code = page.url.split("node=grid%3A", 1)[1].split("&", 1)[0]
    row = page.get_by_test_id("figure-disputes.reported")
    number = int(row.get_by_test_id("current").inner_text())
    assert number == Dispute.objects.filter(grid__code=grid_code, opened_at__date__gte=f"{month}-01").count() > 0
    row.get_by_test_id("records-link").click()
    page.wait_for_url("**/disputes/?node=grid%3A*")
    # The ledger lists exactly the disputes behind the number (the demo's are under one page).
    assert page.locator("table.ui-table tbody tr").count() == number
    assert page.locator('[data-testid="filter-form"] input[name=node]').input_value() == f"grid:{grid_code}"
