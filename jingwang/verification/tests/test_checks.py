"""On-the-spot verification through the API: records in scope, "registered, station X" outside it,
watch-list hits reaching the responsible officer, typo'd IDs, lapsed entries, the audit trail."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import time_machine
from rest_framework.test import APIClient

from jingwang.audit.models import AuditEvent
from jingwang.notifications.models import Notification
from jingwang.testing import World
from jingwang.verification.models import CheckHit, VerificationCheck
from jingwang.verification.services import watchlists
from jingwang.verification.tests.conftest import ADDRESS_A, ADDRESS_B, ID_A, ID_B, ID_WANTED, add_entry

URL = "/api/v1/verify/"


def api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=world.users[name])
    return client


def check(world: World, user: str, **body: Any) -> dict[str, Any]:
    response = api(world, user).post(URL, body, format="json")
    assert response.status_code == 200, response.content
    return dict(response.json())


def typo(number: str, position: int) -> str:
    digit = str((int(number[position]) + 3) % 10)
    return number[:position] + digit + number[position + 1 :]


def test_in_scope_check_returns_the_masked_record(world: World, people: Any) -> None:
    body = check(world, "officer_a", id_number=ID_A, purpose="巡逻盘查")
    assert body["outcome"] == "registered"
    [record] = body["records"]
    assert record["name"] == "甲居民" and record["address"] == ADDRESS_A
    assert record["id_number"] == ID_A[:6] + "********" + ID_A[-4:]
    assert record["phone"] == "138****5678"
    assert ID_A not in json.dumps(body) and "13812345678" not in json.dumps(body)


def test_out_of_scope_check_reveals_only_registered_and_station(world: World, people: Any) -> None:
    response = api(world, "officer_a").post(URL, {"id_number": ID_B}, format="json")
    body = response.json()
    assert body["outcome"] == "registered_elsewhere"
    assert body["records"] == []
    assert body["registered_elsewhere"] == [
        {"exact": True, "registered": True, "station": {"code": "320106001", "name": "宁海路派出所"}}
    ]
    text = response.content.decode()
    for secret in (ADDRESS_B, "乙居民", "1990-01-02", "138****5678", "address", "phone", "乙一网格"):
        assert secret not in text


def test_out_of_scope_check_by_name_and_birth_date_reveals_nothing_more(world: World, people: Any) -> None:
    response = api(world, "officer_a").post(URL, {"name": "乙居民", "birth_date": "1990-01-02"}, format="json")
    body = response.json()
    assert body["outcome"] == "registered_elsewhere" and body["records"] == []
    assert ADDRESS_B not in response.content.decode() and "phone" not in response.content.decode()


def test_leader_sees_both_districts(world: World, people: Any) -> None:
    assert check(world, "leader", id_number=ID_B)["outcome"] == "registered"


def test_unregistered_id_is_not_registered(world: World, people: Any) -> None:
    body = check(world, "officer_a", id_number=ID_WANTED)
    assert body["outcome"] == "not_registered" and body["records"] == body["hits"] == []


def test_hit_reaches_the_responsible_officers_inbox_and_the_audit_trail(world: World, people: Any, wanted: Any) -> None:
    entry = add_entry(world, wanted, person_id=people["b"].pk, sensitive_details="持刀抢劫嫌疑")
    body = check(world, "aux_a", id_number=ID_B, location={"lat": 32.05, "lng": 118.75}, purpose="路面盘查")
    assert body["outcome"] == "watchlist_hit"
    [hit] = body["hits"]
    assert hit["entry"] == entry.pk and hit["instruction"] == "跟踪并报告，不要惊动" and hit["notified"] is True
    assert "sensitive_details" not in hit  # auxiliaries see the instruction only
    assert body["records"] == []  # B1 is outside aux_a's district: still no address
    note = Notification.objects.get(recipient=world.users["officer_b"], kind="verification.hit")
    assert "乙居民" in note.title and note.link == f"/verify/checks/{body['check']}/"
    assert not Notification.objects.filter(recipient=world.users["officer_a"]).exists()
    record = VerificationCheck.objects.get(pk=body["check"])
    assert (record.checked_by, record.outcome, record.lat, record.purpose) == (
        world.users["aux_a"],
        "watchlist_hit",
        32.05,
        "路面盘查",
    )
    assert CheckHit.objects.get(check_record=record).notified
    event = AuditEvent.objects.get(action="verification.check", object_id=str(record.pk))
    assert event.actor_id == world.users["aux_a"].pk and event.purpose == "路面盘查"
    assert event.details is not None and event.query is not None
    assert event.details["hits"] == [entry.pk] and event.query["id_number"] == record.id_number_masked


def test_community_officer_sees_sensitive_details_of_a_hit(world: World, people: Any, wanted: Any) -> None:
    add_entry(world, wanted, person_id=people["b"].pk, sensitive_details="持刀抢劫嫌疑")
    [hit] = check(world, "officer_a", id_number=ID_B)["hits"]
    assert hit["sensitive_details"] == "持刀抢劫嫌疑"


def test_identifier_only_hit_notifies_the_list_owner(world: World, people: Any, wanted: Any) -> None:
    add_entry(world, wanted, id_number=ID_WANTED, name="王某")
    body = check(world, "officer_a", id_number=ID_WANTED)
    assert body["outcome"] == "watchlist_hit" and body["hits"][0]["name"] == "王某"
    assert Notification.objects.filter(recipient=world.users["leader"], kind="verification.hit").count() == 1


def test_entry_added_by_id_of_a_registered_person_hits_by_id_and_name(world: World, people: Any, wanted: Any) -> None:
    # Added by the leader by ID number: the registry person is found and linked; a list imported
    # without links hits by the same blind index.
    entry = add_entry(world, wanted, id_number=ID_A, name="甲居民")
    assert entry.person_id == people["a"].pk
    assert check(world, "officer_a", id_number=ID_A)["outcome"] == "watchlist_hit"
    assert check(world, "officer_a", name="甲居民", birth_date="1985-03-07")["outcome"] == "watchlist_hit"


def test_repeated_check_notifies_once(world: World, people: Any, wanted: Any) -> None:
    add_entry(world, wanted, person_id=people["b"].pk)
    check(world, "officer_a", id_number=ID_B)
    check(world, "officer_a", id_number=ID_B)
    assert Notification.objects.filter(recipient=world.users["officer_b"]).count() == 1
    assert VerificationCheck.objects.count() == 2
    assert AuditEvent.objects.filter(action="verification.check").count() == 2


def test_lapsed_entry_never_hits_and_renewal_revives_it(world: World, people: Any, wanted: Any) -> None:
    entry = add_entry(world, wanted, person_id=people["b"].pk)
    assert entry.review_date == date.today() + timedelta(days=90)
    with time_machine.travel(entry.review_date, tick=False):
        assert check(world, "officer_a", id_number=ID_B)["hits"] == []
        renewed = watchlists.entry_renew(by=world.users["leader"], entry_id=entry.pk)
        assert renewed.review_date == entry.review_date + timedelta(days=90)
        assert check(world, "officer_a", id_number=ID_B)["outcome"] == "watchlist_hit"
    event = AuditEvent.objects.get(action="verification.watchentry.renew")
    assert event.details is not None and event.details["to"] == renewed.review_date.isoformat()


def test_removed_entry_never_hits(world: World, people: Any, wanted: Any) -> None:
    entry = add_entry(world, wanted, person_id=people["b"].pk)
    watchlists.entry_remove(by=world.users["leader"], entry_id=entry.pk, reason="已到案")
    assert check(world, "officer_a", id_number=ID_B)["hits"] == []


def test_typo_ids_return_the_true_person(world: World, people: Any) -> None:
    for position in (0, 5, 9, 15):
        body = check(world, "officer_a", id_number=typo(ID_A, position))
        assert body["check_digit_ok"] is False and body["outcome"] == "candidates"
        assert [r["id"] for r in body["records"]] == [people["a"].pk]
        assert body["records"][0]["exact"] is False
    swapped = ID_A[:14] + ID_A[15] + ID_A[14] + ID_A[16:]
    if swapped != ID_A:
        assert [r["id"] for r in check(world, "officer_a", id_number=swapped)["records"]] == [people["a"].pk]


def test_typo_id_out_of_scope_gives_registered_station_only(world: World, people: Any) -> None:
    body = check(world, "officer_a", id_number=typo(ID_B, 3))
    assert body["records"] == []
    assert body["registered_elsewhere"] == [
        {"exact": False, "registered": True, "station": {"code": "320106001", "name": "宁海路派出所"}}
    ]


def test_typo_hit_is_shown_but_not_notified(world: World, people: Any, wanted: Any) -> None:
    add_entry(world, wanted, person_id=people["b"].pk)
    body = check(world, "officer_a", id_number=typo(ID_B, 12))
    assert body["outcome"] == "candidates" and body["hits"][0]["exact"] is False
    assert not Notification.objects.exists()


def test_audit_trail_never_holds_the_full_id(world: World, people: Any, wanted: Any) -> None:
    add_entry(world, wanted, person_id=people["b"].pk)
    check(world, "officer_a", id_number=ID_B)
    check(world, "officer_a", id_number=typo(ID_A, 7))
    rows = [json.dumps(row, default=str) for row in AuditEvent.objects.values()]
    assert rows and not any(ID_B in r or ID_A in r or typo(ID_A, 7) in r for r in rows)
    assert not any(ID_B in json.dumps(row, default=str) for row in VerificationCheck.objects.values())


def test_grid_worker_may_not_verify(world: World, people: Any) -> None:
    response = api(world, "grid_a1").post(URL, {"id_number": ID_A}, format="json")
    assert response.status_code == 403
    assert not VerificationCheck.objects.exists()


def test_anonymous_may_not_verify() -> None:
    assert APIClient().post(URL, {"id_number": ID_A}, format="json").status_code == 401


def test_malformed_input_is_a_400_in_words(world: World) -> None:
    response = api(world, "officer_a").post(URL, {"id_number": "12345"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["fields"]["id_number"]
    assert api(world, "officer_a").post(URL, {"name": "张三"}, format="json").status_code == 400


def test_wanted_hit_also_sends_a_text_message(world: World, people: Any, wanted: Any) -> None:
    from jingwang.notifications.models import SmsMessage

    officer = world.users["officer_b"]
    officer.set_mobile("13900001111")
    officer.save()
    add_entry(world, wanted, person_id=people["b"].pk)
    check(world, "officer_a", id_number=ID_B)
    message = SmsMessage.objects.get(recipient=officer)
    assert "乙居民" in message.text and ID_B not in message.text


def test_identifier_only_hit_of_a_registered_person_notifies_owner_and_grid_officer(
    world: World, people: Any, wanted: Any
) -> None:
    from jingwang.verification.services.imports import entries_import

    data = f"姓名,身份证号,处置要求\n乙居民,{ID_B},跟踪并报告\n".encode()
    entries_import(by=world.users["leader"], watchlist_id=wanted.pk, data=data)
    assert check(world, "aux_a", id_number=ID_B)["outcome"] == "watchlist_hit"
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"leader", "officer_b"}
