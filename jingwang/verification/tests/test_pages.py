"""The verification pages: the phone check (hit → inbox and audit trail, no address out of scope),
watch lists created, entries added, imported, renewed and removed through the pages."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from jingwang.audit.models import AuditEvent
from jingwang.notifications.models import Notification
from jingwang.testing import World, sign_in
from jingwang.verification.models import VerificationCheck, WatchEntry, WatchList
from jingwang.verification.tests.conftest import ADDRESS_A, ADDRESS_B, ID_A, ID_B, ID_WANTED, add_entry


def test_page_check_hit_reaches_the_inbox_and_the_audit_trail(
    client: Any, world: World, people: Any, wanted: Any
) -> None:
    add_entry(world, wanted, person_id=people["b"].pk, sensitive_details="涉枪")
    sign_in(client, world.users["aux_a"])
    page = client.post("/verify/", {"id_number": ID_B, "purpose": "盘查", "lat": "32.05", "lng": "118.75"})
    text = page.content.decode()
    assert page.status_code == 200 and 'data-outcome="watchlist_hit"' in text
    assert "跟踪并报告，不要惊动" in text and "涉枪" not in text and ADDRESS_B not in text
    note = Notification.objects.get(recipient=world.users["officer_b"])
    sign_in(client, world.users["officer_b"])
    inbox = client.get("/inbox/").content.decode()
    assert note.title in inbox
    check = VerificationCheck.objects.get()
    assert client.get(note.link).status_code == 200  # the responsible officer opens the check
    event = AuditEvent.objects.get(action="verification.check")
    assert event.actor_id == world.users["aux_a"].pk and event.object_id == str(check.pk)


def test_page_shows_the_record_in_scope_and_only_the_station_outside(client: Any, world: World, people: Any) -> None:
    sign_in(client, world.users["officer_a"])
    mine = client.post("/verify/", {"id_number": ID_A}).content.decode()
    assert ADDRESS_A in mine and "甲居民" in mine
    other = client.post("/verify/", {"name": "乙居民", "birth_date": "1990-01-02"}).content.decode()
    assert "宁海路派出所" in other and ADDRESS_B not in other and "138****5678" not in other


def test_page_is_refused_to_grid_workers(client: Any, world: World) -> None:
    sign_in(client, world.users["grid_a1"])
    assert client.get("/verify/").status_code == 403
    assert client.post("/verify/", {"id_number": ID_A}).status_code == 403


def test_page_reports_a_bad_id_in_words(client: Any, world: World) -> None:
    sign_in(client, world.users["officer_a"])
    page = client.post("/verify/", {"id_number": "12345"})
    assert page.status_code == 200 and not VerificationCheck.objects.exists()
    assert "verify-result" not in page.content.decode()


def test_leader_manages_a_list_through_the_pages(client: Any, world: World) -> None:
    sign_in(client, world.users["leader"])
    station = world.node("station:320106001")
    created = client.post(
        "/verify/lists/",
        {
            "name": "在逃人员",
            "category": "wanted",
            "legal_basis": "通缉令",
            "node": station.pk,
            "review_period_days": 30,
        },
    )
    watchlist = WatchList.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/verify/lists/{watchlist.pk}/"
    url = created["Location"]
    client.post(url, {"op": "add", "id_number": ID_WANTED, "name": "王某", "instruction": "报告"})
    entry = WatchEntry.objects.get()
    assert entry.review_date is not None and entry.name == "王某"
    csv = f"姓名,身份证号,处置要求\n王某,{ID_WANTED},报告\n坏行,123,报告\n".encode()
    page = client.post(url, {"op": "import", "file": SimpleUploadedFile("w.csv", csv)})
    text = page.content.decode()
    assert 'data-testid="import-report"' in text and text.count('data-testid="import-bad"') == 1
    assert WatchEntry.objects.count() == 1
    client.post(url, {"op": "renew", "entry": entry.pk})
    client.post(url, {"op": "remove", "entry": entry.pk, "reason": "到案"})
    entry.refresh_from_db()
    assert entry.version == 3 and not entry.is_active
    writes = {
        "verification.watchentry.add",
        "verification.watchentry.import",
        "verification.watchentry.renew",
        "verification.watchentry.remove",
    }
    assert set(AuditEvent.objects.filter(action__in=writes).values_list("action", flat=True)) == writes
    assert "王某" in client.get(url).content.decode()
