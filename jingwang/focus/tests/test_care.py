"""The security administrator gives care workers of their territory the focus categories they care
for (page and API), audited; what a care worker is given decides which sensitive records they see."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from jingwang.audit.models import AuditEvent
from jingwang.focus.models import CareAssignment, Category, Listing
from jingwang.focus.tests.conftest import B1, care_row, care_worker, make_listing
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World, sign_in

SEQ = itertools.count()
B = "320106001002"


class TestCareAssignmentScope(ScopedResourceContract):
    list_url = "/api/v1/focus-care-assignments/"
    model = CareAssignment
    viewer = "secadmin_b"
    no_permission_user = "sysadmin"
    writes = {
        "take_away": Write("delete"),
        "give": Write(
            "post",
            on_list=True,
            body=lambda t: {"user": t.user_id, "category": Category.objects.get(code="petitioner").pk},
            out_of_scope_status=400,
        ),
    }
    not_applicable = {
        "search": "who cares for what is a short list per territory; it has no text search",
        "page": "a care assignment has no page of its own; its pages are proven by test_pages.TestCarePages",
    }

    def in_scope(self, world: World) -> Any:
        return care_row(world, care_worker(world, "care_b", B), "mental")

    def out_of_scope(self, world: World) -> Any:
        return care_row(world, world.care_a, "mental")

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            care_row(world, care_worker(world, f"care_n{next(SEQ)}", B), "drug")


def test_the_security_administrator_gives_a_category_on_the_page_and_the_care_worker_then_sees_it(
    world: World, client: Any
) -> None:
    listing = make_listing(world, B1, "心理患者", category="mental", officer="officer_b", grid_worker=None)
    worker = care_worker(world, "care_b", B)
    assert not Listing.objects.restrict(worker).filter(pk=listing.pk).exists()  # no category yet
    sign_in(client, world.users["secadmin_b"])
    form = client.get("/focus/care/add/").content.decode()
    assert f'value="{worker.pk}"' in form and f'value="{world.care_a.pk}"' not in form  # only their territory
    mental = Category.objects.get(code="mental")
    answer = client.post("/focus/care/add/", {"user": worker.pk, "category": mental.pk})
    assert answer.status_code == 302
    row = CareAssignment.objects.get(user=worker, category=mental)
    assert Listing.objects.restrict(worker).filter(pk=listing.pk).exists()
    assert AuditEvent.objects.filter(action="focus.care.assign", object_id=str(row.pk)).exists()
    assert "care_b关爱" in client.get("/focus/care/").content.decode()
    again = client.post("/focus/care/add/", {"user": worker.pk, "category": mental.pk})
    assert again.status_code == 200 and CareAssignment.objects.filter(user=worker).count() == 1  # a message, kept
    assert client.post(f"/focus/care/{row.pk}/remove/", {}).status_code == 302
    assert not CareAssignment.objects.filter(pk=row.pk).exists()
    assert AuditEvent.objects.filter(action="focus.care.unassign", object_id=str(row.pk)).exists()
    assert not Listing.objects.restrict(worker).filter(pk=listing.pk).exists()


@pytest.mark.parametrize(
    "body",
    [{"user": "x", "category": 1}, {"category": 1}, {"user": 99999999, "category": 1}, {"user": 0, "category": 1}],
)
def test_bad_input_to_the_api_is_a_400_that_changes_nothing(world: World, api_as: Any, body: dict[str, Any]) -> None:
    client = api_as("secadmin")
    answer = client.post("/api/v1/focus-care-assignments/", body, format="json")
    assert answer.status_code == 400, answer.content
    assert not CareAssignment.objects.exists()


def test_a_user_without_the_care_worker_role_cannot_be_given_a_category(world: World, api_as: Any) -> None:
    client = api_as("secadmin")
    body = {"user": world.officer_a.pk, "category": Category.objects.get(code="mental").pk}
    answer = client.post("/api/v1/focus-care-assignments/", body, format="json")
    assert answer.status_code == 400 and "user" in answer.json()["error"]["fields"]
    body["user"] = world.care_a.pk
    assert client.post("/api/v1/focus-care-assignments/", body, format="json").status_code == 201
    assert [r["user_name"] for r in client.get("/api/v1/focus-care-assignments/").json()["results"]] == [
        world.care_a.display_name
    ]
