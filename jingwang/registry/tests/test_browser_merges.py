"""Possible duplicates in a real browser, on a phone: compare, merge, undo."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from jingwang.browser_testing import sign_in
from jingwang.core.identity import synthetic_id_number
from jingwang.registry.merges import services as merges
from jingwang.registry.models import MergeSuggestion, Person
from jingwang.registry.services import persons
from jingwang.territory.models import Node

pytestmark = pytest.mark.browser


def test_officer_compares_a_pair_merges_it_and_undoes_the_merge_on_a_phone(
    open_page: Any, demo_city: Any, settings: Any
) -> None:
    settings.REQUIRE_MFA = False
    grid = Node.objects.get(kind="grid", code="320106001001001")
    born = date(1984, 8, 8)
    first = persons.person_create(by=None, grid=grid, data={
        "name": "冯建华", "id_number": synthetic_id_number(region="320106", birth=born, seq=451)})  # fmt: skip
    second = persons.person_create(by=None, grid=grid, data={  # met without the ID card
        "name": "馮建華", "birth_date": born, "sex": "1"})  # fmt: skip
    merges.match_person(person_id=second.pk)
    assert MergeSuggestion.objects.filter(person_a=first, person_b=second).exists()

    phone = open_page(viewport=(390, 844))
    sign_in(phone, demo_city.url, "officer")
    phone.goto(f"{demo_city.url}/registry/duplicates/")
    phone.get_by_test_id("suggestion").filter(has_text="馮建華").locator("a").first.click()
    table = phone.get_by_test_id("side-by-side")
    assert "冯建华" in table.inner_text() and "馮建華" in table.inner_text()
    assert synthetic_id_number(region="320106", birth=born, seq=451) not in phone.content()
    assert phone.get_by_test_id("field-weights").locator("tbody tr").count() >= 3
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1

    phone.get_by_test_id("merge").click()
    phone.wait_for_url(lambda url: "/registry/merges/" in url)
    assert not Person.objects.get(pk=second.pk).is_active

    phone.get_by_test_id("undo").click()
    phone.get_by_test_id("undone").wait_for()
    assert Person.objects.get(pk=second.pk).is_active
