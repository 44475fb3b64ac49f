"""The department's steps as generic case transitions: returning an order that is not its
business, reporting back (the raiser is told), and the list page filtering as the API does."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import override_settings

from jingwang.casework.models import Case
from jingwang.casework.services import case_transition
from jingwang.notifications.models import Notification
from jingwang.testing import World, sign_in
from jingwang.workorders.models import WorkOrder
from jingwang.workorders.tests.test_workorders import departments, raise_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_uploads(tmp_path: Any) -> Any:
    with override_settings(DATA_DIR=tmp_path):
        yield


def test_the_receiving_department_returns_an_order_that_is_not_its_business(world: World, api_as: Any) -> None:
    ours, theirs = departments(world)
    order, not_to_us = raise_order(world, ours), raise_order(world, theirs)
    dept = api_as("dept")
    assert dept.post(f"/api/v1/cases/{not_to_us.case_id}/return/", {"note": "不归我们"}).status_code == 404
    assert dept.post(f"/api/v1/cases/{order.case_id}/return/", {}, format="json").status_code == 400  # say why
    returned = dept.post(f"/api/v1/cases/{order.case_id}/return/", {"note": "属住建局职责"}, format="json")
    assert returned.status_code == 200, returned.content
    case = Case.objects.get(pk=order.case_id)
    assert case.state == "returned" and case.closed_at is not None and case.next_due_at is None
    told = Notification.objects.get(recipient=world.grid_a1, kind="workorders.returned")
    assert told.link == f"/workorders/{order.pk}/"


def test_the_raiser_is_told_when_the_department_reports_back(world: World, api_as: Any) -> None:
    ours, _ = departments(world)
    order = raise_order(world, ours)
    case_transition(by=world.dept, case_id=order.case_id, transition="accept")
    reported = api_as("dept").post(f"/api/v1/cases/{order.case_id}/report/", {"note": "已补装井盖"}, format="json")
    assert reported.status_code == 200, reported.content
    told = Notification.objects.get(recipient=world.grid_a1, kind="workorders.reported")
    assert told.body == "井盖缺失" and told.link == f"/workorders/{order.pk}/"


def _numbers(html: str) -> set[str]:
    return set(re.findall(r"CS-\d{8}-\d{4}", html))


@pytest.mark.parametrize("query", ["state=accepted", "open=true", "open=false", "q=路灯", "mine=true"])
def test_the_work_order_page_and_the_api_return_the_same_rows_for_the_same_filter(
    world: World, api_as: Any, client: Any, query: str
) -> None:
    ours, theirs = departments(world)
    accepted = raise_order(world, ours, title="路灯不亮")
    case_transition(by=world.dept, case_id=accepted.case_id, transition="accept")
    done = raise_order(world, ours, title="井盖缺失")
    for by, move in ((world.dept, "accept"), (world.dept, "report"), (world.grid_a1, "confirm")):
        case_transition(by=by, case_id=done.case_id, transition=move, note="已处理")
    raise_order(world, theirs, title="占道经营", by=world.officer_a)
    api = {o["case"]["number"] for o in api_as("grid_a1").get(f"/api/v1/workorders/?{query}").json()["results"]}
    sign_in(client, world.grid_a1)
    page = _numbers(client.get(f"/workorders/?{query}").content.decode())
    assert page == api and WorkOrder.objects.count() == 3
