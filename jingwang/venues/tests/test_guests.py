"""旅馆业实名登记: a batch of 10,000 guests with 3 planted watch-list hits and 2 planted focus
persons routes exactly those 5 (the watch-list hits to the venue's responsible officer, the focus
persons to their own responsible officer), in a bounded number of queries; the hotel sees no hit;
the identifiers are kept encrypted and blind-indexed; registrations are purged after retention.
Another list plugs into `jingwang.venues.screening.register_source`, also exercised here."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jingwang.focus.tests.conftest import make_listing
from jingwang.notifications.models import Notification
from jingwang.registry.identifiers import id_index
from jingwang.testing import World
from jingwang.venues import screening
from jingwang.venues.models import Guest, GuestBatch, Venue, VenueHit
from jingwang.venues.services import GuestRow, guests_import_upload, guests_purge, guests_receive
from jingwang.venues.tests.conftest import person_id
from jingwang.verification.tests.conftest import add_entry, make_list

CHECK_IN = datetime(2026, 6, 1, 20, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PLANTED = (17, 4242, 9999)
FOCUS = (123, 7777)  # focus persons listed in grid B1, whose responsible officer is officer_b
B1 = "grid:320106001002001"


def _rows(n: int) -> list[GuestRow]:
    return [GuestRow(f"旅客{i}", person_id(i), f"{800 + i % 100}", CHECK_IN) for i in range(n)]


@pytest.fixture
def planted(world: World) -> list[int]:
    wanted = make_list(world, by="leader", name="网上追逃")
    for i in PLANTED:
        add_entry(world, wanted, name=f"旅客{i}", id_number=person_id(i))
    add_entry(world, wanted, name="不在批次", id_number=person_id(15000))  # not in the batch: no hit
    return list(PLANTED)


@pytest.fixture
def focus_planted(world: World) -> list[int]:
    make_listing(
        world,
        B1,
        f"旅客{FOCUS[0]}",
        category="drug",
        officer="officer_b",
        grid_worker=None,
        id_number=person_id(FOCUS[0]),
    )
    make_listing(
        world,
        B1,
        f"旅客{FOCUS[1]}",
        category="released",
        officer="officer_b",
        grid_worker=None,
        id_number=person_id(FOCUS[1]),
    )
    make_listing(world, B1, "旅客12000", officer="officer_b", grid_worker=None, id_number=person_id(12000))
    make_listing(
        world,
        B1,
        f"旅客{FOCUS[0] + 1}",
        officer="officer_b",
        grid_worker=None,
        approve=False,
        id_number=person_id(FOCUS[0] + 1),
    )  # awaiting approval: not (yet) a focus person
    return list(FOCUS)


def test_batch_of_10000_routes_exactly_the_3_watch_list_hits_and_2_focus_persons_to_their_officers(
    world: World, hotel_a: Venue, planted: list[int], focus_planted: list[int], api_as: object
) -> None:
    rows = _rows(10_000)
    Notification.objects.all().delete()  # the listings' own notices
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        batch = guests_receive(by=world.venue_op_a, venue_id=hotel_a.pk, rows=rows)
    elapsed = time.perf_counter() - started
    assert batch.count == 10_000 and Guest.objects.filter(batch=batch).count() == 10_000
    hits = VenueHit.objects.filter(venue=hotel_a)
    assert sorted(h.name for h in hits) == sorted(f"旅客{i}" for i in PLANTED + FOCUS)
    routed = {h.name: sorted(u.username for u in h.notified.all()) for h in hits}
    assert routed == {
        **{f"旅客{i}": ["officer_a"] for i in PLANTED},  # the venue's officer
        **{f"旅客{i}": ["officer_b"] for i in FOCUS},  # the focus person's own officer, alone
    }
    told = Notification.objects.filter(kind="venues.hit")
    assert sorted(n.recipient.username for n in told) == ["officer_a"] * 3 + ["officer_b"] * 2
    assert not Notification.objects.filter(recipient=world.venue_op_a).exclude(kind="venues.licence").exists()
    for notice in told.filter(recipient=world.officer_b):  # 关注人员, never the category
        text = notice.title + notice.body
        assert "关注人员" in text and not any(w in text for w in ("吸毒", "刑满释放", "drug", "released"))
    assert {h.list_kind for h in hits if h.name in {f"旅客{i}" for i in FOCUS}} == {"focus"}
    # set-based: the matching is a handful of queries per 900 guests, not one per guest
    assert len(queries) < 200, len(queries)
    assert elapsed < 60  # "within seconds" on an idle machine; generous on the shared one
    guest = Guest.objects.get(batch=batch, name="旅客17")
    assert person_id(17) not in guest.id_number_enc and guest.id_number_index == id_index(person_id(17))
    assert guest.id_number_masked.count("*") >= 8
    client = api_as("venue_op_a")  # type: ignore[operator]
    assert client.get("/api/v1/venue-hits/").status_code == 403  # the hotel sees no hit
    listed = client.get("/api/v1/venue-guests/").content.decode()
    assert "关注人员" not in listed and "网上追逃" not in listed


def test_the_hotel_sees_no_hit_in_any_answer(world: World, hotel_a: Venue, planted: list[int], api_as: object) -> None:
    client = api_as("venue_op_a")  # type: ignore[operator]
    body = {
        "venue": hotel_a.pk,
        "guests": [
            {"name": f"旅客{i}", "id_number": person_id(i), "room": "801", "check_in": CHECK_IN.isoformat()}
            for i in (16, 17, 18)
        ],
    }
    answer = client.post("/api/v1/venue-guests/", body, format="json")
    assert answer.status_code == 201, answer.content
    assert set(answer.json()) == {"id", "venue", "received_at", "count"}
    assert VenueHit.objects.count() == 1  # routed to the police ...
    listed = client.get("/api/v1/venue-guests/").content.decode()
    assert "网上追逃" not in listed and "hit" not in listed
    assert client.get("/api/v1/venue-hits/").status_code == 403  # ... whom the hotel cannot ask
    assert "网上追逃" not in client.get(f"/api/v1/venues/{hotel_a.pk}/").content.decode()


def test_a_bad_row_keeps_nothing_and_names_the_row(world: World, hotel_a: Venue, api_as: object) -> None:
    client = api_as("venue_op_a")  # type: ignore[operator]
    body = {
        "venue": hotel_a.pk,
        "guests": [
            {"name": "甲", "id_number": person_id(1), "check_in": CHECK_IN.isoformat()},
            {"name": "乙", "id_number": "320106198001010000", "check_in": CHECK_IN.isoformat()},
        ],
    }
    answer = client.post("/api/v1/venue-guests/", body, format="json")
    assert answer.status_code == 400 and "guests[2].id_number" in answer.json()["error"]["fields"]
    assert not Guest.objects.exists() and not GuestBatch.objects.exists()


def test_another_venue_is_not_found_for_the_operator(
    world: World, hotel_a: Venue, hotel_b: Venue, api_as: object
) -> None:
    client = api_as("venue_op_a")  # type: ignore[operator]
    body = {
        "venue": hotel_b.pk,
        "guests": [{"name": "甲", "id_number": person_id(1), "check_in": CHECK_IN.isoformat()}],
    }
    assert client.post("/api/v1/venue-guests/", body, format="json").status_code == 404
    assert client.get(f"/api/v1/venues/{hotel_b.pk}/").status_code == 404
    assert [v["id"] for v in client.get("/api/v1/venues/").json()["results"]] == [hotel_a.pk]
    assert not Guest.objects.exists()


def test_csv_file_import_is_one_batch_checked_like_the_api(world: World, hotel_a: Venue, planted: list[int]) -> None:
    text = "姓名,身份证号,房号,入住时间,退房时间\n" + "".join(
        f"旅客{i},{person_id(i)},80{i % 10},2026-06-01 20:00,\n" for i in range(15, 20)
    )
    upload = SimpleUploadedFile("guests.csv", text.encode("utf-8"), content_type="text/csv")
    batch = guests_import_upload(by=world.venue_op_a, venue_id=hotel_a.pk, upload=upload)
    assert batch.count == 5 and [h.name for h in VenueHit.objects.all()] == ["旅客17"]


def test_registrations_are_purged_after_retention_and_hits_keep_their_masked_copy(
    world: World, hotel_a: Venue, planted: list[int], settings: object
) -> None:
    guests_receive(by=world.venue_op_a, venue_id=hotel_a.pk, rows=_rows(20))
    days = settings.VENUES_GUEST_RETENTION_DAYS  # type: ignore[attr-defined]
    with time_machine.travel(CHECK_IN + timedelta(days=days) - timedelta(seconds=1), tick=False):
        assert guests_purge() == 0
    with time_machine.travel(CHECK_IN + timedelta(days=days, seconds=1), tick=False):
        assert guests_purge() == 20
    assert not Guest.objects.exists() and not GuestBatch.objects.exists()
    hit = VenueHit.objects.get()
    assert hit.guest is None and hit.name == "旅客17" and "*" in hit.id_number_masked


def test_another_source_plugs_into_the_one_screening_function(world: World, hotel_a: Venue) -> None:
    wanted = id_index(person_id(3))

    def focus_stand_in(today: object, indexes: list[str]) -> list[screening.Match]:
        return (
            [screening.Match(wanted, "focus:other", "f1", "关注人员", "旅客3", "", "告知民警", None)]
            if wanted in indexes
            else []
        )

    screening.register_source("test-focus", focus_stand_in)
    try:
        guests_receive(by=world.venue_op_a, venue_id=hotel_a.pk, rows=_rows(5))
    finally:
        screening._SOURCES.pop("test-focus")
    assert [(h.name, h.list_kind) for h in VenueHit.objects.all()] == [("旅客3", "focus:other")]
