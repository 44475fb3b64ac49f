"""record_incidents: the one write behind the import, the feed and the demo."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.audit.models import AuditEvent
from jingwang.core.errors import Forbidden
from jingwang.incidents.models import Incident, Source
from jingwang.incidents.services import record_incidents
from jingwang.registry.services.places import address_resolve, house_for_address

pytestmark = pytest.mark.django_db
PLACE = "江苏省南京市鼓楼区宁海路街道宁海路12号"
ID_NUMBER = "11010519491231002X"


def row(number: str, **extra: Any) -> dict[str, Any]:
    return {"number": number, "occurred_at": "2026-03-01 14:30", "category": "0101", "place": PLACE, **extra}


@pytest.fixture
def address(world: Any) -> Any:
    a = address_resolve(by=None, text=PLACE, lon=118.75, lat=32.05)
    house_for_address(by=None, address=a)
    return a


def test_a_place_matching_a_standard_address_lands_on_its_grid_and_house(address: Any) -> None:
    result = record_incidents([row("J1", place="南京市鼓楼区宁海路街道宁海路１２号")], by=None, source=Source.IMPORT)
    assert (result.created, result.bad, result.unmatched) == (1, 0, 0)
    incident = Incident.objects.get(number="J1")
    assert incident.address == address
    assert incident.grid == address.grid
    assert incident.house is not None and incident.house.address_id == address.pk
    assert incident.category.preventable


def test_coordinates_land_on_the_grid_that_contains_them(world: Any) -> None:
    result = record_incidents([row("J2", place="", lon="118.85", lat="32.05")], by=None)
    assert result.unmatched == 0
    assert Incident.objects.get(number="J2").grid == world.node("grid:320106001002001")


def test_rerun_adds_nothing_and_bad_rows_are_reported_by_line(address: Any) -> None:
    rows = [row("J3"), row("J4", occurred_at="not a time"), row("J5", category="9999"), row("J3")]
    first = record_incidents(rows, by=None)
    assert (first.created, first.bad) == (1, 3)
    assert sorted((p.line, p.field) for p in first.problems) == [(2, "occurred_at"), (3, "category"), (4, "number")]
    again = record_incidents(rows, by=None)
    assert (again.created, again.present) == (0, 1)
    assert Incident.objects.count() == 1


def test_identifiers_are_stored_encrypted_indexed_and_masked(address: Any) -> None:
    record_incidents([row("J6", victim_id_number=ID_NUMBER, caller_phone="13812345678")], by=None)
    incident = Incident.objects.get(number="J6")
    assert incident.victim_id_masked == "110105********002X"
    assert incident.caller_phone_masked == "138****5678"
    assert ID_NUMBER not in incident.victim_id_enc and incident.victim_id_index
    assert "13812345678" not in str(list(AuditEvent.objects.values_list("details", "query")))


def test_a_user_may_record_only_in_their_area(world: Any, address: Any) -> None:
    result = record_incidents([row("J7", place="", lon="118.85", lat="32.05")], by=world.officer_a)
    assert result.bad == 1 and result.problems[0].field == "place"
    with pytest.raises(Forbidden):
        record_incidents([row("J8")], by=world.grid_a1)


def test_incidents_on_no_grid_are_seen_county_wide_and_by_no_officer(world: Any) -> None:
    record_incidents([row("J9", place="某公交车上")], by=None)
    incident = Incident.objects.get(number="J9")
    assert incident.grid is None
    assert Incident.objects.restrict(world.commander, "view").filter(pk=incident.pk).exists()
    assert not Incident.objects.restrict(world.officer_a, "view").filter(pk=incident.pk).exists()
    assert not Incident.objects.restrict(world.leader, "view").filter(pk=incident.pk).exists()


def test_a_number_stored_by_another_writer_meanwhile_is_present_not_a_server_error(
    address: Any, monkeypatch: Any
) -> None:
    from jingwang.incidents import services

    real = services._existing_numbers
    calls = {"n": 0}
    record_incidents([row("J10")], by=None)  # the other feed's, committed after our look-up:

    def racing(numbers: Any) -> set[str]:
        calls["n"] += 1
        return set() if calls["n"] == 1 else real(numbers)  # our first look-up did not see it

    monkeypatch.setattr(services, "_existing_numbers", racing)
    result = record_incidents([row("J10"), row("J11")], by=None)
    assert (result.created, result.present) == (1, 1)
    assert Incident.objects.filter(number__in=["J10", "J11"]).count() == 2
