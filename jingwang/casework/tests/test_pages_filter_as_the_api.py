"""The case list page filters with the API's FilterSet, and the shared action forms look like
buttons."""

from __future__ import annotations

import re
from typing import Any

import pytest

from jingwang.casework.services import case_transition
from jingwang.casework.testing import open_sample
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query", ["state=working", "state=new&open=true", "open=false", "q=漏水", "kind=sample", "show=mine&state=working"]
)
def test_the_case_list_page_and_the_api_return_the_same_rows_for_the_same_filter(
    world: World, api_as: Any, client: Any, query: str
) -> None:
    open_sample(world, title="楼道堆物")
    working = open_sample(world, title="楼上漏水")
    case_transition(by=world.officer_a, case_id=working.pk, transition="start")
    done = open_sample(world, title="噪音扰民", assignee=world.users["leader"])
    case_transition(by=world.officer_a, case_id=done.pk, transition="start")
    case_transition(by=world.officer_a, case_id=done.pk, transition="finish", note="已处理")
    api = {c["number"] for c in api_as("officer_a").get(f"/api/v1/cases/?{query}").json()["results"]}
    sign_in(client, world.officer_a)
    page = set(re.findall(r"[A-Z]+-\d{8}-\d{4}", client.get(f"/cases/?{query}").content.decode()))
    assert page == api


def test_the_add_comment_and_request_delay_buttons_are_styled_as_buttons(world: World, client: Any) -> None:
    case = open_sample(world)
    sign_in(client, world.officer_a)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    for testid in ("comment", "request-delay"):
        button = re.search(rf'<button [^>]*data-testid="{testid}"[^>]*>', html)
        assert button is not None, testid
        assert re.search(r'class="(button|primary|danger)"', button.group(0)), button.group(0)
