"""核查即比对 of staff (registry and lists, barred persons in entertainment venues), what the venue
operator sees on its pages, and the reproducible random selection (双随机)."""

from __future__ import annotations

import pytest
from django.test import Client

from jingwang.accounts.services import user_create
from jingwang.core.errors import Conflict
from jingwang.core.roles import Role
from jingwang.notifications.models import Notification
from jingwang.registry.models import Unit
from jingwang.testing import PASSWORD, World, sign_in
from jingwang.venues.inspections import draw_venues, inspection_draw
from jingwang.venues.models import Grade, Inspection, InspectionKind, StaffFiling, Trade, Venue, VenueHit
from jingwang.venues.services import staff_file
from jingwang.venues.tests.conftest import A1, A2, B1, make_venue, person_id
from jingwang.venues.tests.fixtures import WHEN
from jingwang.verification.tests.conftest import add_entry, make_list, make_person


def test_staff_on_a_watch_list_are_told_to_the_officer_and_barred_in_entertainment(world: World) -> None:
    ktv = make_venue(world, A1, "星光KTV", "entertainment", operator="venue_op_a")
    add_entry(world, make_list(world), name="在逃员工", id_number=person_id(41))
    make_person(world, A1, "本地员工", person_id(42))
    wanted = staff_file(by=world.venue_op_a, venue_id=ktv.pk, name="在逃员工", id_number=person_id(41), hired_at=WHEN)
    local = staff_file(by=world.venue_op_a, venue_id=ktv.pk, name="本地员工", id_number=person_id(42), hired_at=WHEN)
    assert wanted.hit_count == 1 and wanted.barred and not wanted.registered
    assert local.hit_count == 0 and not local.barred and local.registered
    assert Notification.objects.filter(recipient=world.officer_a, kind="venues.hit").count() == 1
    assert Notification.objects.filter(recipient=world.officer_a, kind="venues.staff_barred").count() == 1
    assert not Notification.objects.filter(recipient=world.venue_op_a).exclude(kind="venues.licence").exists()


def test_a_hotel_does_not_bar_a_listed_employee_but_still_tells_the_officer(world: World, hotel_a: Venue) -> None:
    add_entry(world, make_list(world), name="在逃员工", id_number=person_id(41))
    filing = staff_file(
        by=world.venue_op_a, venue_id=hotel_a.pk, name="在逃员工", id_number=person_id(41), hired_at=WHEN
    )
    assert filing.hit_count == 1 and not filing.barred and VenueHit.objects.count() == 1


def test_operator_files_from_its_page_and_never_sees_the_match(world: World, hotel_a: Venue, client: Client) -> None:
    add_entry(world, make_list(world), name="在逃员工", id_number=person_id(41))
    sign_in(client, world.venue_op_a)
    form = client.get("/venues/staff/add/").content.decode()
    assert hotel_a.unit.name in form and "乙区宾馆" not in form
    answer = client.post(
        "/venues/staff/add/",
        {"venue": hotel_a.pk, "name": "在逃员工", "id_number": person_id(41), "hired_at": "2026-06-01T20:00"},
    )
    assert answer.status_code == 302 and answer["Location"] == hotel_a.get_absolute_url()
    page = client.get(hotel_a.get_absolute_url()).content.decode()
    assert "在逃员工" in page and "在逃人员" not in page and "venue-hits" not in page
    assert client.get("/venues/hits/").status_code == 403
    assert client.get("/venues/inspections/").status_code == 403
    assert client.get("/registry/persons/").status_code in (403, 404)
    officer_page = sign_in(Client(), world.officer_a).get(hotel_a.get_absolute_url()).content.decode()
    assert "在逃人员" in officer_page and 'data-testid="venue-hits"' in officer_page


def test_a_bad_id_number_on_the_page_is_a_message_not_an_error(world: World, hotel_a: Venue, client: Client) -> None:
    sign_in(client, world.venue_op_a)
    answer = client.post(
        "/venues/staff/add/", {"venue": hotel_a.pk, "name": "某", "id_number": "123", "hired_at": "2026-06-01T20:00"}
    )
    assert answer.status_code == 200 and 'class="errorlist' in answer.content.decode()
    assert not StaffFiling.objects.exists()


def test_random_selection_records_seed_and_population_and_draws_again_the_same(world: World) -> None:
    venues = [make_venue(world, A1 if i % 2 else A2, f"旅馆{i}") for i in range(8)]
    make_venue(world, B1, "乙区旅馆")  # outside the area: never in the population
    Venue.objects.filter(pk=venues[0].pk).update(grade=Grade.D)  # not an ordinary venue
    draw = inspection_draw(
        by=world.officer_a, node=world.node("police_district:320106001001"), period="2026-Q2", count=3, seed=20260601
    )
    assert sorted(draw.population) == sorted(v.pk for v in venues[1:])
    assert draw.chosen == draw_venues(draw.population, draw.seed, 3) and len(draw.chosen) == 3
    opened = Inspection.objects.filter(draw=draw)
    assert sorted(opened.values_list("venue_id", flat=True)) == draw.chosen
    assert {i.kind for i in opened} == {InspectionKind.RANDOM}
    assert opened.all()[0].checklist[0] == {"item": "从业人员已报备", "ok": None}  # the trade's checklist
    with pytest.raises(Conflict):
        inspection_draw(by=world.officer_a, node=world.node("police_district:320106001001"), period="2026-Q2", count=3)


def test_officer_lists_a_unit_as_a_venue_and_sets_its_operator_from_the_pages(world: World, client: Client) -> None:
    unit = Unit.objects.create(grid=world.node(A1), name="平安旅社")
    Unit.objects.create(grid=world.node(B1), name="乙区旅社")
    sign_in(client, world.officer_a)
    form = client.get("/venues/add/").content.decode()
    assert "平安旅社" in form and "乙区旅社" not in form
    hotel = Trade.objects.get(code="hotel")
    answer = client.post(
        "/venues/add/",
        {
            "unit": unit.pk,
            "trade": hotel.pk,
            "licence_number": "鼓公特字001",
            "licence_valid_from": "2026-01-01",
            "licence_valid_until": "2025-01-01",
        },
    )
    assert answer.status_code == 200 and not Venue.objects.exists()  # ends before it starts: said, not kept
    answer = client.post(
        "/venues/add/",
        {"unit": unit.pk, "trade": hotel.pk, "licence_number": "鼓公特字001", "licence_valid_until": "2027-01-01"},
    )
    venue = Venue.objects.get()
    assert answer["Location"] == venue.get_absolute_url() and venue.responsible_officer == world.officer_a
    answer = client.post(
        f"/venues/{venue.pk}/edit/",
        {
            "licence_number": "鼓公特字002",
            "responsible_officer": world.officer_a.pk,
            "operators": [world.venue_op_a.pk],
        },
    )
    assert answer.status_code == 302
    venue.refresh_from_db()
    assert venue.licence_number == "鼓公特字002" and list(venue.operators.all()) == [world.venue_op_a]
    assert venue.licence_valid_until is None  # cleared on the form


def test_operator_marks_an_employee_left_once_and_the_filing_is_kept(
    world: World, hotel_a: Venue, api_as: object
) -> None:
    filing = staff_file(by=world.venue_op_a, venue_id=hotel_a.pk, name="前台", id_number=person_id(5), hired_at=WHEN)
    client = api_as("venue_op_a")  # type: ignore[operator]
    first = client.post(f"/api/v1/venue-staff/{filing.pk}/leave/")
    assert first.status_code == 200 and first.json()["left_at"]
    again = client.post(f"/api/v1/venue-staff/{filing.pk}/leave/")
    assert again.json()["left_at"] == first.json()["left_at"]
    assert client.get("/api/v1/venue-staff/", {"current": "false"}).json()["results"][0]["id"] == filing.pk


def test_a_venue_with_two_operator_accounts_is_listed_once(world: World, hotel_a: Venue, api_as: object) -> None:
    second = user_create(
        by=None,
        username="op2",
        display_name="op2",
        password=PASSWORD,
        role=Role.VENUE_OPERATOR,
        scopes=[world.node(A1)],
    )
    hotel_a.operators.add(second)
    for name in ("venue_op_a", "officer_a"):
        results = api_as(name).get("/api/v1/venues/").json()["results"]  # type: ignore[operator]
        assert [v["id"] for v in results] == [hotel_a.pk], name


def test_an_id_filter_beyond_what_a_database_holds_is_a_400_not_a_500(world: World, api_as: object) -> None:
    client = api_as("officer_a")  # type: ignore[operator]
    for url in ("/api/v1/venue-guests/count/?venue=-4826419057092957569024", "/api/v1/venue-hits/?venue=1.5"):
        assert client.get(url).status_code == 400, url
