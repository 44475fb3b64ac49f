"""Who sees what of the focus ledger: the category is sensitive. A grid worker sees only the
follow-ups of persons assigned to them (name, address, due date, what to look for) and never the
category, on the pages or through the API; auxiliary officers never the health, drug or religion
categories; a care worker only its own category; mediators and department staff nothing. Every
read is audited as sensitive. An on-the-spot check of a focus person tells the responsible officer
and tells the checker nothing of the category."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from jingwang import upload_testing
from jingwang.audit.models import AuditEvent
from jingwang.casework.models import CaseAttachment
from jingwang.focus.models import SENSITIVE, Listing
from jingwang.focus.tests.conftest import A1, make_listing, new_id_number, open_followup
from jingwang.notifications.models import Notification
from jingwang.testing import World, sign_in
from jingwang.verification.services.checks import verify_check

pytestmark = pytest.mark.django_db
CATEGORY_WORDS = ("刑满释放", "严重精神障碍", "吸毒", "精神", "风险等级")


def _api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[name])
    return client


def test_a_grid_worker_never_sees_the_category_on_the_pages_or_through_the_api(world: World, client: Any) -> None:
    listing = make_listing(world, A1, "关某", category="mental", tier="4")
    followup = open_followup(listing)
    sign_in(client, world.grid_a1)
    for url in ("/focus/followups/", f"/focus/followups/{followup.pk}/"):
        html = client.get(url).content.decode()
        assert "关某" in html and "宁海路1号1栋101室" in html and "情绪是否稳定" in html
        assert not any(word in html for word in CATEGORY_WORDS), url
    assert client.get(f"/focus/{listing.pk}/").status_code == 403
    assert client.get("/focus/").status_code == 403
    api = _api(world, "grid_a1")
    body = (
        api.get("/api/v1/focus-followups/").content.decode()
        + api.get(f"/api/v1/focus-followups/{followup.pk}/").content.decode()
    )
    assert "关某" in body and not any(word in body for word in CATEGORY_WORDS)
    assert api.get("/api/v1/focus-listings/").status_code == 403


def test_a_grid_worker_sees_only_the_followups_assigned_to_them(world: World) -> None:
    mine = open_followup(make_listing(world, A1, "甲某"))
    other = open_followup(make_listing(world, A1, "乙某", grid_worker=None))
    ids = {r["id"] for r in _api(world, "grid_a1").get("/api/v1/focus-followups/").json()["results"]}
    assert ids == {mine.pk} and other.pk not in ids


def test_sensitive_categories_are_hidden_from_auxiliary_officers_and_other_care_workers(
    world: World, care: Any
) -> None:
    released = make_listing(world, A1, "甲某", category="released")
    mental = make_listing(world, A1, "乙某", category="mental", tier="1")
    drug = make_listing(world, A1, "丙某", category="drug", tier="low")
    assert set(Listing.objects.restrict(world.officer_a).values_list("pk", flat=True)) == {
        released.pk,
        mental.pk,
        drug.pk,
    }
    assert set(Listing.objects.restrict(world.leader).values_list("pk", flat=True)) == {released.pk, mental.pk, drug.pk}
    assert set(Listing.objects.restrict(world.aux_a).values_list("pk", flat=True)) == {released.pk}
    assert set(Listing.objects.restrict(care).values_list("pk", flat=True)) == {mental.pk}  # its category only
    for name in ("mediator", "dept", "volunteer"):
        api = _api(world, name)
        for url in ("/api/v1/focus-listings/", "/api/v1/focus-followups/", "/api/v1/focus-lost-contacts/"):
            assert api.get(url).status_code == 403, (name, url)


def test_every_read_is_audited_as_sensitive(world: World, client: Any) -> None:
    listing = make_listing(world)
    sign_in(client, world.officer_a)
    client.get(f"/focus/{listing.pk}/")
    _api(world, "officer_a").get(f"/api/v1/focus-listings/{listing.pk}/")
    reads = AuditEvent.objects.filter(action="focus.listing.read", object_id=str(listing.pk))
    assert reads.count() == 2 and set(reads.values_list("purpose", flat=True)) == {SENSITIVE}


def test_a_followups_photo_is_a_case_file_on_its_page_and_api_and_each_download_is_audited_as_sensitive(
    world: World, client: Any, settings: Any, tmp_path: Any
) -> None:
    settings.DATA_DIR = tmp_path
    followup = open_followup(make_listing(world))
    sign_in(client, world.officer_a)
    photo = SimpleUploadedFile("走访.png", upload_testing.png(), content_type="image/png")
    data = {"action": "record", "contact_type": "visit", "place": "家中", "observations": "情绪稳定", "photos": [photo]}
    client.post(f"/focus/followups/{followup.pk}/act/", data)
    item = CaseAttachment.objects.get(case_id=followup.case_id)
    assert item.stage == "record" and item.name == "走访.png"
    url = f"/cases/{followup.case_id}/files/{item.pk}/"
    page = client.get(f"/focus/followups/{followup.pk}/").content.decode()
    assert 'data-testid="attachments"' in page and url in page and "走访.png" in page
    api = _api(world, "officer_a")
    [listed] = api.get(f"/api/v1/focus-followups/{followup.pk}/").json()["attachments"]
    assert listed["url"] == url and listed["download"] == f"/api/v1/cases/{followup.case_id}/files/{item.pk}/"
    assert client.get(url).status_code == 200 and api.get(listed["download"]).status_code == 200
    reads = AuditEvent.objects.filter(action="casework.attachment.read", object_id=str(item.pk))
    assert reads.count() == 2 and set(reads.values_list("purpose", flat=True)) == {SENSITIVE}
    assert sign_in(Client(), world.officer_b).get(url).status_code == 404  # another district's officer
    assert _api(world, "officer_b").get(listed["download"]).status_code == 404
    assert reads.count() == 2


def test_a_check_of_a_focus_person_tells_the_officer_and_not_the_checker_the_category(world: World) -> None:
    number = new_id_number()
    listing = make_listing(world, A1, "关某", category="drug", tier="high", id_number=number)
    result = verify_check(actor=world.aux_a, id_number=number, purpose="路面盘查").as_json()
    told = Notification.objects.get(kind="focus.checked", recipient=world.officer_a)
    assert "关某" in told.title and told.link == listing.get_absolute_url()
    shown = str(result) + told.title + told.body
    assert not any(word in shown for word in CATEGORY_WORDS) and "focus" not in str(result)
    verify_check(actor=world.aux_a, id_number=number, purpose="路面盘查")
    assert Notification.objects.filter(kind="focus.checked").count() == 1  # repeated checks tell once


def test_the_case_lists_show_a_focus_case_only_to_whom_its_follow_up_shows(world: World) -> None:
    mine = open_followup(make_listing(world, A1, "甲某"))
    unassigned = open_followup(make_listing(world, A1, "乙某", grid_worker=None))
    drug = open_followup(make_listing(world, A1, "丙某", category="drug", tier="low", grid_worker=None))

    def cases(name: str) -> set[int]:
        rows = _api(world, name).get("/api/v1/cases/", {"page_size": 100}).json()["results"]
        return {r["id"] for r in rows}

    assert cases("grid_a1") >= {mine.case_id} and not cases("grid_a1") & {unassigned.case_id, drug.case_id}
    assert drug.case_id not in cases("aux_a") and {mine.case_id, unassigned.case_id} <= cases("aux_a")
    assert {mine.case_id, unassigned.case_id, drug.case_id} <= cases("officer_a")
    assert _api(world, "grid_a1").get(f"/api/v1/cases/{unassigned.case_id}/").status_code == 404


@pytest.mark.parametrize("name", ["grid_a1", "mediator", "dept"])
def test_a_health_category_reaches_no_unassigned_grid_worker_mediator_or_department_by_any_route(
    world: World, name: str
) -> None:
    """A mental-disorder listing in grid A1 with no grid worker assigned, its follow-up open, its
    lost contact reported and the person checked on the spot: every page reachable from the user's
    menu, every GET route of the API (exports included), the person search, their inbox and the
    text messages hold no word of the category."""
    from jingwang.focus.followups import lost_contact_report
    from jingwang.notifications.models import SmsMessage
    from jingwang.web.tests.test_masking_crawl import crawl_api, crawl_pages

    number = new_id_number()
    listing = make_listing(world, A1, "关某", category="mental", tier="4", grid_worker=None, id_number=number)
    followup = open_followup(listing)
    lost_contact_report(by=world.officer_a, followup_id=followup.pk, last_seen="上周三在小区门口", note="未见本人")
    verify_check(actor=world.aux_a, id_number=number, purpose="路面盘查")
    assert "精神" in listing.category.name  # the words below are what the category would show
    user = world.users[name]
    api, pages = crawl_api(world, name), crawl_pages(world, name)
    search = _api(world, name).post("/api/v1/persons/search/", {"q": "关某"}, format="json")
    assert search.status_code in (200, 403)
    told = [f"{n.title} {n.body}" for n in Notification.objects.filter(recipient=user)]
    texts = [m.text for m in SmsMessage.objects.all()]
    answers = {**api, **pages, "person search": search.content.decode()}
    answers |= {f"notice {i}": t for i, t in enumerate(told)} | {f"text {i}": t for i, t in enumerate(texts)}
    assert len(pages) > 1 and api  # the crawl reached the user's pages and API
    if name == "grid_a1":  # the person lives in the grid: their record is reachable, the category is not
        assert any("关某" in body for body in answers.values())
    words = ("严重精神障碍", "精神", '"mental"', "=mental", "focus:mental")  # the category, its code, its kind
    leaks = {where: [w for w in words if w in body] for where, body in answers.items()}
    assert {where: words for where, words in leaks.items() if words} == {}
