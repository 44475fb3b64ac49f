"""The ledger through its pages and its API: listing with an ID number, approval, renewal and
delisting; bad input is a 400 in Chinese, never a 500, and changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jingwang.core.errors import ServiceError
from jingwang.focus.models import Cadence, Category, Followup, Listing, ListingState, LostContact
from jingwang.focus.services import listing_create
from jingwang.focus.tests.conftest import A1, make_listing, make_person, new_id_number, open_followup
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db


def _api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[name])
    return client


def test_an_officer_lists_a_person_by_id_number_and_a_leader_approves_it_on_the_pages(
    world: World, client: Any
) -> None:
    number = new_id_number()
    make_person(world, A1, "列管某", number)
    sign_in(client, world.officer_a)
    review = (timezone.localdate() + timedelta(days=200)).isoformat()
    form = {
        "id_number": number,
        "category": Category.objects.get(code="petitioner").pk,
        "tier": "medium",
        "legal_basis": "信访事项处理意见书（2026）1号",
        "review_date": review,
        "grid_worker": "grid_a1",
        "look_for": "诉求处理进展",
    }
    answer = client.post("/focus/add/", form)
    listing = Listing.objects.get(person__name="列管某")
    assert answer.status_code == 302 and answer["Location"] == f"/focus/{listing.pk}/"
    assert listing.state == ListingState.PENDING and listing.grid_worker == world.grid_a1
    sign_in(client, world.leader)
    page = client.get(f"/focus/{listing.pk}/").content.decode()
    assert 'data-testid="approve"' in page
    client.post(f"/focus/{listing.pk}/act/", {"action": "approve"})
    listing.refresh_from_db()
    assert listing.state == ListingState.ACTIVE and open_followup(listing).due_date == timezone.localdate() + timedelta(
        days=60
    )


def test_a_listing_without_its_legal_basis_or_for_an_unknown_person_is_refused_in_chinese(world: World) -> None:
    person = make_person(world, A1, "甲某")
    api = _api(world, "officer_a")
    body = {
        "person": person.pk,
        "category": Category.objects.get(code="other").pk,
        "tier": "serious",
        "legal_basis": "",
        "review_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
    }
    answer = api.post("/api/v1/focus-listings/", body, format="json")
    assert answer.status_code == 400 and "legal_basis" in answer.json()["error"]["fields"]
    assert answer.json()["error"]["fields"]["legal_basis"] == ["请填写列管所依据的决定或文书。"]
    for bad in (
        {**body, "legal_basis": "决定书", "tier": "9"},
        {**body, "person": 999999},
        {**body, "review_date": "x"},
    ):
        assert api.post("/api/v1/focus-listings/", bad, format="json").status_code == 400
    assert not Listing.objects.exists()


def test_the_api_renews_and_delists_with_a_reason_and_a_leaders_decision(world: World) -> None:
    listing = make_listing(world)
    officer, leader = _api(world, "officer_a"), _api(world, "leader")
    review = (timezone.localdate() + timedelta(days=100)).isoformat()
    assert (
        officer.post(
            f"/api/v1/focus-listings/{listing.pk}/renew/", {"review_date": review, "reason": ""}, format="json"
        ).status_code
        == 400
    )
    renewed = officer.post(
        f"/api/v1/focus-listings/{listing.pk}/renew/", {"review_date": review, "reason": "仍需帮教"}, format="json"
    )
    assert renewed.status_code == 200 and renewed.json()["review_date"] == review
    assert (
        officer.post(f"/api/v1/focus-listings/{listing.pk}/delist/", {"reason": "五年未再犯"}, format="json").json()[
            "state"
        ]
        == "delist_pending"
    )
    assert (
        officer.post(
            f"/api/v1/focus-listings/{listing.pk}/decide-delist/", {"approve": True}, format="json"
        ).status_code
        == 403
    )
    decided = leader.post(f"/api/v1/focus-listings/{listing.pk}/decide-delist/", {"approve": True}, format="json")
    assert decided.status_code == 200 and decided.json()["state"] == "delisted"


def test_a_grid_worker_reports_lost_contact_through_the_api_once(world: World) -> None:
    followup = open_followup(make_listing(world))
    api = _api(world, "grid_a1")
    assert (
        api.post("/api/v1/focus-lost-contacts/", {"followup": followup.pk, "last_seen": ""}, format="json").status_code
        == 400
    )
    made = api.post(
        "/api/v1/focus-lost-contacts/", {"followup": followup.pk, "last_seen": "昨晚在小区门口"}, format="json"
    )
    assert made.status_code == 201 and made.json()["name"] == "关某"
    again = api.post("/api/v1/focus-lost-contacts/", {"followup": followup.pk, "last_seen": "今早"}, format="json")
    assert again.status_code == 409 and LostContact.objects.count() == 1
    case = LostContact.objects.get().case
    assert case.kind == "focus.search" and case.red_at is not None
    assert (case.red_at - case.opened_at) == timedelta(hours=24)


def test_the_system_administrator_edits_the_cadence_and_new_followups_follow_it(world: World, client: Any) -> None:
    row = Cadence.objects.get(category__code="released", tier="serious")
    sign_in(client, world.sysadmin)
    assert client.post(f"/focus/cadence/{row.pk}/", {"interval_days": "0", "source": ""}).status_code == 200
    client.post(f"/focus/cadence/{row.pk}/", {"interval_days": "45", "source": "本所规定"})
    row.refresh_from_db()
    assert row.interval_days == 45
    listing = make_listing(world)
    assert open_followup(listing).due_date == timezone.localdate() + timedelta(days=45)
    sign_in(client, world.officer_a)
    assert client.post(f"/focus/cadence/{row.pk}/", {"interval_days": "10"}).status_code == 403


def test_a_recorded_followup_without_observations_is_refused_and_stays_open(world: World, client: Any) -> None:
    followup = open_followup(make_listing(world))
    sign_in(client, world.officer_a)
    page = client.post(
        f"/focus/followups/{followup.pk}/act/", {"action": "record", "contact_type": "visit"}, follow=True
    )
    assert page.status_code == 200 and "随访情况" in page.content.decode()
    assert Followup.objects.get(pk=followup.pk).is_open


def test_the_health_worker_signs_a_mental_disorder_followup_on_its_page(world: World, client: Any, care: Any) -> None:
    followup = open_followup(make_listing(world, category="mental", tier="2"))
    other = open_followup(make_listing(world, name="乙某", category="released"))
    _api(world, "officer_a").post(
        f"/api/v1/cases/{followup.case_id}/record_for_health/",
        {"contact_type": "visit", "place": "家中", "observations": "按时服药"},
        format="json",
    )
    sign_in(client, care)
    assert client.get(f"/focus/followups/{other.pk}/").status_code == 404  # not its category
    page = client.get(f"/focus/followups/{followup.pk}/").content.decode()
    assert 'data-testid="sign-form"' in page and 'data-testid="record-form"' not in page
    client.post(f"/focus/followups/{followup.pk}/act/", {"action": "health_sign", "note": "病情稳定"})
    followup.refresh_from_db()
    assert followup.health_signed_by == care and followup.case.state == "done"


def test_home_pages_count_what_awaits_each_role_without_a_category(world: World, client: Any, care: Any) -> None:
    due = open_followup(make_listing(world, name="甲某", category="mental", tier="4"))  # due within two weeks
    Followup.objects.filter(pk=due.pk).update(due_date=timezone.localdate() + timedelta(days=3))
    awaiting = open_followup(make_listing(world, name="乙某", category="mental", tier="1"))
    _api(world, "officer_a").post(
        f"/api/v1/cases/{awaiting.case_id}/record_for_health/",
        {"contact_type": "phone", "observations": "按时服药"},
        format="json",
    )
    make_listing(world, name="丙某", approve=False)
    officer = sign_in(client, world.officer_a).get("/").content.decode()
    assert "1 次随访一周内到期" in officer and 'data-testid="focus-approvals"' not in officer
    assert "1 次随访待您签字" in sign_in(client, care).get("/").content.decode()
    assert "1 条待审批" in sign_in(client, world.leader).get("/").content.decode()
    grid = sign_in(client, world.grid_a1).get("/").content.decode()
    assert "1 次随访一周内到期" in grid and "精神" not in grid
    assert 'data-testid="focus-card"' not in sign_in(client, world.mediator).get("/").content.decode()


def test_the_grid_worker_of_a_listing_serves_the_persons_grid(world: World) -> None:
    with pytest.raises(ServiceError) as refused:
        listing_create(
            by=world.officer_a,
            person=make_person(world, A1, "甲某"),
            category=Category.objects.get(code="other"),
            legal_basis="决定书",
            tier="serious",
            review_date=timezone.localdate() + timedelta(days=30),
            grid_worker=world.grid_b1,
        )
    assert "grid_worker" in refused.value.fields and not Listing.objects.exists()
