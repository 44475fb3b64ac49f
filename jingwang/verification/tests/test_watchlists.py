"""Watch lists and entries: create, add, renew, remove (audited), CSV import (bad lines, fatal
problems, idempotent re-import), the same blind index as the registry, who sees sensitive details."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from jingwang.audit.models import AuditEvent
from jingwang.core.errors import Conflict
from jingwang.core.identity import synthetic_id_number
from jingwang.registry.models import Person
from jingwang.testing import World
from jingwang.verification.models import WatchEntry
from jingwang.verification.services import imports
from jingwang.verification.tests.conftest import ID_A, ID_WANTED, add_entry

HEADER = "姓名,身份证号,出生日期,处置要求,敏感信息\n"
W2 = synthetic_id_number(region="110105", birth=date(1968, 5, 4), seq=35)


def api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=world.users[name])
    return client


def csv_file(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def test_leader_creates_a_list_through_the_api(world: World) -> None:
    response = api(world, "leader").post(
        "/api/v1/watchlists/",
        {
            "name": "在逃人员",
            "category": "wanted",
            "legal_basis": "公安部通缉令",
            "node": "station:320106001",
            "review_period_days": 90,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["owner"] == "leader" and response.json()["node"] == "station:320106001"
    assert AuditEvent.objects.filter(action="verification.watchlist.create").exists()


def test_officer_cannot_create_a_list_for_a_node_outside_scope(world: World) -> None:
    response = api(world, "officer_a").post(
        "/api/v1/watchlists/",
        {"name": "x", "category": "focus", "legal_basis": "依据", "node": "police_district:320106001002"},
        format="json",
    )
    assert response.status_code == 404


def test_auxiliary_may_not_create_lists_or_add_entries(world: World, wanted: Any) -> None:
    client = api(world, "aux_a")
    assert client.post("/api/v1/watchlists/", {}, format="json").status_code == 403
    body = {"watchlist": wanted.pk, "id_number": ID_WANTED, "name": "王某", "instruction": "报告"}
    assert client.post("/api/v1/watch-entries/", body, format="json").status_code == 403
    assert not WatchEntry.objects.exists()


def test_identifier_only_entry_stores_the_id_like_the_registry(world: World, people: Any, wanted: Any) -> None:
    entry = add_entry(world, wanted, id_number=ID_WANTED, name="王某")
    person = Person.objects.get(pk=people["a"].pk)
    assert (
        ID_WANTED not in entry.id_number_enc and entry.id_number_masked == ID_WANTED[:6] + "********" + ID_WANTED[-4:]
    )
    linked = add_entry(world, wanted, id_number=ID_A, name="甲")
    assert linked.id_number_index == person.id_number_index and linked.person_id == person.pk
    assert entry.birth_date == date(1979, 11, 30)


def test_adding_twice_is_a_conflict_and_removed_entries_come_back(world: World, wanted: Any) -> None:
    entry = add_entry(world, wanted, id_number=ID_WANTED, name="王某")
    with pytest.raises(Conflict):
        add_entry(world, wanted, id_number=ID_WANTED, name="王某")
    client = api(world, "leader")
    assert client.delete(f"/api/v1/watch-entries/{entry.pk}/?reason=到案").status_code == 204
    assert AuditEvent.objects.filter(action="verification.watchentry.remove", object_id=str(entry.pk)).exists()
    again = add_entry(world, wanted, id_number=ID_WANTED, name="王某")
    assert again.pk == entry.pk and again.is_active


def test_renew_through_the_api_is_audited(world: World, wanted: Any) -> None:
    entry = add_entry(world, wanted, id_number=ID_WANTED, name="王某")
    response = api(world, "leader").post(f"/api/v1/watch-entries/{entry.pk}/renew/", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200 and response["ETag"] == '"2"'
    assert AuditEvent.objects.filter(action="verification.watchentry.renew", object_id=str(entry.pk)).exists()
    stale = api(world, "leader").post(f"/api/v1/watch-entries/{entry.pk}/renew/", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412


def test_sensitive_details_only_for_officers_and_leaders(world: World, wanted: Any) -> None:
    entry = add_entry(world, wanted, id_number=ID_WANTED, name="王某", sensitive_details="涉枪")
    assert api(world, "leader").get(f"/api/v1/watch-entries/{entry.pk}/").json()["sensitive_details"] == "涉枪"
    # aux_a's district lies under the station: they see the entry, not its details
    body = api(world, "aux_a").get(f"/api/v1/watch-entries/{entry.pk}/").json()
    assert "sensitive_details" not in body and body["instruction"]


def test_import_reports_every_bad_line_and_writes_the_good_ones(world: World, wanted: Any) -> None:
    text = (
        HEADER
        + f"王某,{ID_WANTED},1979-11-30,跟踪并报告,持刀\n"
        + "李某,11010519790101123,,报告,\n"  # wrong length
        + f"张某,{ID_WANTED[:-1]}{'0' if ID_WANTED[-1] != '0' else '1'},,报告,\n"  # check digit
        + f",{W2},,报告,\n"  # no name
        + f"赵某,{W2},1970-01-01,报告,\n"  # birth date disagrees
        + f"王某某,{ID_WANTED},,报告,\n"  # repeats line 2
    )
    report = imports.entries_import(by=world.users["leader"], watchlist_id=wanted.pk, data=csv_file(text))
    assert report.fatal == [] and report.rows == 6 and report.created == 1
    assert [b.line for b in report.bad] == [3, 4, 5, 6, 7]
    assert all(b.messages for b in report.bad)
    assert WatchEntry.objects.filter(watchlist=wanted).count() == 1


def test_import_is_idempotent(world: World, wanted: Any) -> None:
    text = HEADER + f"王某,{ID_WANTED},,跟踪并报告,\n赵某,{W2},,立即报告,\n"
    first = imports.entries_import(by=world.users["leader"], watchlist_id=wanted.pk, data=csv_file(text, "gb18030"))
    again = imports.entries_import(by=world.users["leader"], watchlist_id=wanted.pk, data=csv_file(text))
    assert (first.created, again.created, again.present) == (2, 0, 2)
    assert WatchEntry.objects.filter(watchlist=wanted).count() == 2
    assert AuditEvent.objects.filter(action="verification.watchentry.import").count() == 2


def test_fatal_import_writes_nothing(world: World, wanted: Any) -> None:
    missing_column = "姓名,出生日期\n王某,1979-11-30\n"
    report = imports.entries_import(by=world.users["leader"], watchlist_id=wanted.pk, data=csv_file(missing_column))
    assert report.fatal and not WatchEntry.objects.exists()
    binary = imports.entries_import(by=world.users["leader"], watchlist_id=wanted.pk, data=b"\xff\xfe\x00\x81\x00")
    assert binary.fatal and not WatchEntry.objects.exists()
    empty = imports.entries_import(by=world.users["leader"], watchlist_id=wanted.pk, data=csv_file(HEADER))
    assert empty.fatal and not WatchEntry.objects.exists()


def test_import_through_the_api_with_a_default_instruction_and_dry_run(world: World, wanted: Any) -> None:
    text = "姓名,身份证号\n" + f"王某,{ID_WANTED}\n"
    client = api(world, "leader")
    dry = client.post(
        f"/api/v1/watchlists/{wanted.pk}/import/",
        {"file": SimpleUploadedFile("w.csv", csv_file(text)), "default_instruction": "报告", "dry_run": "true"},
        format="multipart",
    )
    assert dry.status_code == 200 and dry.json()["created"] == 1 and not WatchEntry.objects.exists()
    done = client.post(
        f"/api/v1/watchlists/{wanted.pk}/import/",
        {"file": SimpleUploadedFile("w.csv", csv_file(text)), "default_instruction": "报告"},
        format="multipart",
    )
    assert done.status_code == 200 and WatchEntry.objects.get().instruction == "报告"
    fatal = client.post(
        f"/api/v1/watchlists/{wanted.pk}/import/",
        {"file": SimpleUploadedFile("w.csv", csv_file(text))},
        format="multipart",
    )
    assert fatal.status_code == 400 and fatal.json()["error"]["code"] == "import_failed"
    assert fatal.json()["error"]["fields"]["file"]


def test_station_list_is_read_only_to_a_district_officer(world: World, wanted: Any) -> None:
    client = api(world, "officer_a")
    assert client.get(f"/api/v1/watchlists/{wanted.pk}/").status_code == 200
    body = {"watchlist": wanted.pk, "id_number": ID_WANTED, "name": "王某", "instruction": "报告"}
    assert client.post("/api/v1/watch-entries/", body, format="json").status_code == 404
    entry = add_entry(world, wanted, id_number=ID_WANTED, name="王某")
    assert client.post(f"/api/v1/watch-entries/{entry.pk}/renew/").status_code == 404
    assert client.delete(f"/api/v1/watch-entries/{entry.pk}/").status_code == 404
    assert WatchEntry.objects.get().version == 1
