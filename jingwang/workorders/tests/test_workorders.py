"""Whistle and report end to end, through the pages (from a phone) and the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from jingwang import upload_testing
from jingwang.casework.catalogue import department_set_members
from jingwang.casework.models import Case, CaseAttachment, CaseEvent, Department
from jingwang.casework.moves import case_move
from jingwang.casework.sweep import sweep
from jingwang.casework.testing import open_sample
from jingwang.notifications.models import Notification
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World, sign_in
from jingwang.workorders.models import WorkOrder
from jingwang.workorders.selectors import workorder_list
from jingwang.workorders.services import workorder_raise

pytestmark = pytest.mark.django_db
PNG = upload_testing.png()


@pytest.fixture(autouse=True)
def _private_uploads(tmp_path: Any) -> Any:
    with override_settings(DATA_DIR=tmp_path):
        yield


def departments(world: World) -> tuple[Department, Department]:
    ours, _ = Department.objects.get_or_create(name="城管局", defaults={"default_deadline_hours": 48})
    theirs, _ = Department.objects.get_or_create(name="住建局", defaults={"default_deadline_hours": 72})
    department_set_members(by=None, department_id=ours.pk, members=[world.dept])
    return ours, theirs


def raise_order(world: World, department: Department, **kwargs: Any) -> WorkOrder:
    return workorder_raise(
        by=kwargs.pop("by", world.grid_a1),
        grid=world.node(kwargs.pop("grid", "grid:320106001001001")),
        department=department,
        title=kwargs.pop("title", "井盖缺失"),
        description="宁海路5号门口井盖缺失，有人跌倒风险",
        **kwargs,
    )


def act(by: Any, order: WorkOrder, *, transition: str, note: str = "") -> WorkOrder:
    """Move the order's case as its page or the generic endpoint would."""
    case_move(by=by, case=order.case, transition=transition, data={"note": note})
    return WorkOrder.objects.select_related("case").get(pk=order.pk)


def test_whistle_from_a_phone_to_confirmation_through_the_pages(world: World, client: Any) -> None:
    ours, _ = departments(world)
    sign_in(client, world.grid_a1)
    form = client.get("/workorders/raise/").content.decode()
    assert "城管局" in form
    response = client.post(
        "/workorders/raise/",
        {
            "grid": world.node("grid:320106001001001").pk,
            "department": ours.pk,
            "title": "井盖缺失",
            "description": "宁海路5号门口井盖缺失",
            "urgency": "normal",
            "source_kind": "direct",
            "photos": [SimpleUploadedFile("scene.png", PNG, content_type="image/png")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    order = WorkOrder.objects.get()
    assert response["Location"] == f"/workorders/{order.pk}/"
    assert order.case.handler_department == ours and order.case.number.startswith("CS-")
    assert order.case.red_at == order.case.opened_at + timedelta(hours=48)  # the department's deadline
    assert Notification.objects.filter(recipient=world.dept, kind="casework.referred").exists()

    sign_in(client, world.dept)
    inbox = client.get("/workorders/").content.decode()
    assert order.case.number in inbox
    page = client.get(f"/workorders/{order.pk}/").content.decode()
    assert 'data-testid="transition-accept"' in page and 'data-testid="transition-confirm"' not in page
    act_url = f"/cases/{order.case_id}/act/"
    client.post(act_url, {"action": "transition", "transition": "accept", "version": order.case.version})
    order.refresh_from_db()
    assert order.case.state == "accepted"
    client.post(
        act_url,
        {
            "action": "transition",
            "transition": "report",
            "note": "已补装井盖",
            "files": [SimpleUploadedFile("fixed.png", PNG, content_type="image/png")],
        },
    )
    order.refresh_from_db()
    annotated: Any = workorder_list(viewer=world.dept)  # from the case's timeline
    read = annotated.values("report", "reported_at").get(pk=order.pk)
    assert order.case.state == "reported" and read["report"] == "已补装井盖" and read["reported_at"] is not None
    assert CaseAttachment.objects.filter(case=order.case).count() == 2
    evidence = CaseAttachment.objects.get(case=order.case, stage="report")
    download = client.get(f"/cases/{order.case_id}/files/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG

    sign_in(client, world.grid_a1)
    page = client.get(f"/workorders/{order.pk}/").content.decode()
    assert 'data-testid="transition-confirm"' in page and "已补装井盖" in page
    client.post(act_url, {"action": "transition", "transition": "confirm", "note": "已核实"})
    order.refresh_from_db()
    assert order.case.state == "confirmed" and order.case.closed_at is not None
    assert CaseEvent.objects.get(case=order.case, data__transition="confirm").actor == world.grid_a1


def test_raiser_reopens_and_the_department_gets_a_fresh_deadline(world: World) -> None:
    ours, _ = departments(world)
    with time_machine.travel("2026-11-21 09:00:00+08:00", tick=False) as clock:
        order = raise_order(world, ours)
        act(world.dept, order, transition="accept")
        act(world.dept, order, transition="report", note="已处理")
        with pytest.raises(Exception):  # a reason is needed
            act(world.grid_a1, order, transition="reopen")
        clock.shift(timedelta(hours=10))
        order = act(world.grid_a1, order, transition="reopen", note="井盖仍松动")
        assert order.case.state == "reopened"
        annotated: Any = workorder_list(viewer=world.grid_a1)  # counted on the case's timeline
        assert annotated.values_list("reopen_count", flat=True).get(pk=order.pk) == 1
        assert order.case.red_at == order.case.stage_started_at + timedelta(hours=48)
        act(world.dept, order, transition="start")
        order = act(world.dept, order, transition="report", note="已焊牢")
    assert order.case.state == "reported"


def test_only_the_department_moves_the_order_and_only_the_raiser_confirms(world: World) -> None:
    ours, _ = departments(world)
    order = raise_order(world, ours)
    with pytest.raises(Exception) as refused:
        act(world.grid_a1, order, transition="accept")
    assert getattr(refused.value, "status", None) == 403
    act(world.dept, order, transition="accept")
    act(world.dept, order, transition="report", note="已处理")
    with pytest.raises(Exception) as refused:
        act(world.dept, order, transition="confirm")
    assert getattr(refused.value, "status", None) == 403
    order.case.refresh_from_db()
    assert order.case.state == "reported"


def test_department_staff_of_another_department_sees_nothing(world: World, api_as: Any, client: Any) -> None:
    _ours, theirs = departments(world)
    order = raise_order(world, theirs, files=[SimpleUploadedFile("scene.png", PNG, content_type="image/png")])
    other = api_as("dept")
    assert other.get("/api/v1/workorders/").json()["results"] == []
    assert other.get(f"/api/v1/workorders/{order.pk}/").status_code == 404
    assert other.post(f"/api/v1/cases/{order.case_id}/accept/", {}, format="json").status_code == 404
    assert other.get("/api/v1/cases/").json()["results"] == []
    sign_in(client, world.dept)
    assert client.get(f"/workorders/{order.pk}/").status_code == 404
    evidence = CaseAttachment.objects.get(case=order.case)
    assert client.get(f"/cases/{order.case_id}/files/{evidence.pk}/").status_code == 404
    assert other.get(f"/api/v1/cases/{order.case_id}/files/{evidence.pk}/").status_code == 404
    order.case.refresh_from_db()
    assert order.case.state == "raised"


def test_everyone_involved_sees_the_status_through_the_api(world: World, api_as: Any) -> None:
    ours, _ = departments(world)
    raiser, dept, leader = api_as("grid_a1"), api_as("dept"), api_as("leader")
    made = raiser.post(
        "/api/v1/workorders/",
        {"grid": "320106001001001", "department": ours.pk, "title": "路灯不亮", "description": "三盏路灯不亮"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="raise-0001-abcdef",
    )
    assert made.status_code == 201, made.content
    again = raiser.post(
        "/api/v1/workorders/",
        {"grid": "320106001001001", "department": ours.pk, "title": "路灯不亮", "description": "三盏路灯不亮"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="raise-0001-abcdef",
    )
    assert again.json()["id"] == made.json()["id"] and WorkOrder.objects.count() == 1
    pk, case_id = made.json()["id"], made.json()["case"]["id"]
    assert dept.post(f"/api/v1/cases/{case_id}/accept/", {}, format="json").status_code == 200
    report = dept.post(
        f"/api/v1/cases/{case_id}/report/",
        {"note": "已更换灯泡", "files": [SimpleUploadedFile("lamp.jpg", upload_testing.jpeg(), "image/jpeg")]},
        format="multipart",
    )
    assert report.status_code == 200, report.content
    for client in (raiser, dept, leader):
        body = client.get(f"/api/v1/workorders/{pk}/").json()
        assert body["case"]["state"] == "reported" and body["report"] == "已更换灯泡"
    assert raiser.post(f"/api/v1/cases/{case_id}/confirm/", {"note": "好了"}, format="json").status_code == 200
    assert leader.get(f"/api/v1/workorders/{pk}/").json()["case"]["closed_at"] is not None


def test_a_work_order_raised_from_a_dispute_keeps_its_source(world: World) -> None:
    ours, _ = departments(world)
    dispute_case = open_sample(world, by="officer_a")
    order = raise_order(world, ours, by=world.officer_a, source_kind="dispute", source_case=dispute_case)
    assert order.source_case == dispute_case


def test_an_unanswered_whistle_turns_yellow_then_red_for_the_department(world: World) -> None:
    ours, _ = departments(world)
    with time_machine.travel("2026-11-21 09:00:00+08:00", tick=False) as clock:
        order = raise_order(world, ours)
        clock.shift(timedelta(hours=33))  # two thirds of 48 h
        assert sweep().yellow == 1
        assert Notification.objects.filter(recipient=world.dept, kind="casework.yellow").count() == 1
        clock.shift(timedelta(hours=16))
        assert sweep().red == 1
        assert Notification.objects.filter(recipient=world.dept, kind="casework.red").count() == 1
    assert Case.objects.get(pk=order.case_id).escalation == 1


def test_wrong_file_types_are_refused_and_nothing_is_raised(world: World) -> None:
    ours, _ = departments(world)
    with pytest.raises(Exception) as refused:
        raise_order(world, ours, files=[SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")])
    assert getattr(refused.value, "status", None) == 400
    assert WorkOrder.objects.count() == 0 and Case.objects.count() == 0


def move(transition: str) -> Callable[[WorkOrder], str]:
    """The generic transition endpoint of the order's case (the work order has no action routes)."""
    return lambda order: f"/api/v1/cases/{order.case_id}/{transition}/"


class TestWorkOrderScope(ScopedResourceContract):
    list_url = "/api/v1/workorders/"
    viewer = "officer_a"
    no_permission_user = "mediator"
    model = WorkOrder
    search_param = "q"
    writes = {
        # The case's transitions: refused to the other side of the order, which sees it.
        **{
            name: Write("post", move(name), {"note": "越权"}, by="dept", denied_to="grid_a1")
            for name in ("accept", "start", "report", "return")
        },
        **{
            name: Write("post", move(name), {"note": "越权"}, by="grid_a1", denied_to="dept")
            for name in ("confirm", "reopen")
        },
        "create": Write(
            "post",
            on_list=True,
            body=lambda o: {
                "grid": "320106001002001",
                "department": o.department_id,
                "title": "越权",
                "description": "越权",
            },
            by="grid_a1",
            out_of_scope_status=400,
        ),
    }

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            raise_order(world, departments(world)[0], title="又一井盖")

    def in_scope(self, world: World) -> Any:
        cache = world.__dict__.setdefault("_orders", {})
        if "in" not in cache:
            cache["in"] = raise_order(world, departments(world)[0], title="甲网格井盖")
        return cache["in"]

    def out_of_scope(self, world: World) -> Any:
        cache = world.__dict__.setdefault("_orders", {})
        if "out" not in cache:
            cache["out"] = raise_order(
                world, departments(world)[1], by=world.grid_b1, grid="grid:320106001002001", title="乙网格路灯"
            )
        return cache["out"]

    def search_term(self, obj: Any) -> str:
        return str(obj.case.title)

    def page_url(self, obj: Any) -> str | None:
        return f"/workorders/{obj.pk}/"
