"""Files kept with a case (casework.CaseAttachment), for every case type: a transition whose input
takes files keeps them in its transaction; the case page and the API case detail list them and
serve them within the case's scope, each read audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from jingwang import upload_testing
from jingwang.audit.models import AuditEvent
from jingwang.casework.catalogue import department_set_members
from jingwang.casework.models import CaseAttachment, Department
from jingwang.casework.services import case_transition
from jingwang.testing import World, sign_in
from jingwang.workorders.models import WorkOrder
from jingwang.workorders.services import workorder_raise

pytestmark = pytest.mark.django_db
PNG, JPEG = upload_testing.png(), upload_testing.jpeg()


@pytest.fixture(autouse=True)
def _private_uploads(tmp_path: Any) -> Any:
    with override_settings(DATA_DIR=tmp_path):
        yield


def _order(world: World, department_name: str = "城管局") -> WorkOrder:
    department, _ = Department.objects.get_or_create(name=department_name, defaults={"default_deadline_hours": 48})
    department_set_members(by=None, department_id=department.pk, members=[world.dept])
    order = workorder_raise(
        by=world.grid_a1,
        grid=world.node("grid:320106001001001"),
        department=department,
        title="井盖缺失",
        description="宁海路5号门口井盖缺失",
        files=[SimpleUploadedFile("现场.png", PNG, content_type="image/png")],
    )
    case_transition(by=world.dept, case_id=order.case_id, transition="accept")
    return order


def test_files_given_with_a_transition_are_kept_with_the_case_under_its_stage(world: World, api_as: Any) -> None:
    order = _order(world)
    photo = SimpleUploadedFile("修好了.jpg", JPEG, content_type="image/jpeg")
    moved = api_as("dept").post(
        f"/api/v1/cases/{order.case_id}/report/", {"note": "已补装", "files": [photo]}, format="multipart"
    )
    assert moved.status_code == 200, moved.content
    kept = list(CaseAttachment.objects.filter(case_id=order.case_id).values_list("stage", "name", "content_type"))
    assert kept == [("opened", "现场.png", "image/png"), ("report", "修好了.jpg", "image/jpeg")]


def test_a_refused_file_leaves_the_case_where_it_was(world: World, api_as: Any) -> None:
    order = _order(world)
    page = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    moved = api_as("dept").post(
        f"/api/v1/cases/{order.case_id}/report/", {"note": "已补装", "files": [page]}, format="multipart"
    )
    assert moved.status_code == 400
    order.case.refresh_from_db()
    assert order.case.state == "accepted" and CaseAttachment.objects.filter(case_id=order.case_id).count() == 1


def test_the_api_case_detail_lists_the_files_and_serves_each_in_scope_audited(world: World, api_as: Any) -> None:
    order = _order(world)
    detail = api_as("dept").get(f"/api/v1/cases/{order.case_id}/")
    assert detail.status_code == 200
    [listed] = detail.json()["attachments"]
    assert listed["name"] == "现场.png" and listed["stage"] == "opened" and listed["stage_label"] == "立案时"
    served = api_as("dept").get(listed["download"])
    assert served.status_code == 200 and b"".join(served.streaming_content) == PNG
    assert served["Content-Type"] == "image/png" and served["X-Content-Type-Options"] == "nosniff"
    read = AuditEvent.objects.get(action="casework.attachment.read", actor=world.dept)
    assert read.purpose == ""  # the work-order type declares no attachment_purpose (focus does: sensitive)
    assert api_as("officer_b").get(listed["download"]).status_code == 404  # another district's officer
    assert AuditEvent.objects.filter(action="casework.attachment.read").count() == 1


def test_the_case_page_lists_the_files_and_serves_them_only_in_scope(world: World) -> None:
    order = _order(world)
    item = CaseAttachment.objects.get(case_id=order.case_id)
    url = f"/cases/{order.case_id}/files/{item.pk}/"
    page = sign_in(Client(), world.dept).get(f"/cases/{order.case_id}/").content.decode()
    assert 'data-testid="attachments"' in page and url in page and "现场.png" in page
    served = sign_in(Client(), world.grid_a1).get(url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PNG
    assert sign_in(Client(), world.officer_b).get(url).status_code == 404
    other = _order(world, "住建局")  # a file of another case is not reached through this one
    assert sign_in(Client(), world.grid_a1).get(f"/cases/{other.case_id}/files/{item.pk}/").status_code == 404
