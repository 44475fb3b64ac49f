"""The police office pages hold to the page contract; the standard and the staff on duty show."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.core.errors import ServiceError
from jingwang.offices import views
from jingwang.offices.models import PoliceOffice
from jingwang.offices.services import office_update
from jingwang.offices.tests import fixtures as f
from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World, sign_in


class TestOfficePages(ScopedPageContract):
    list_page = views.OfficeListView
    detail_page = views.OfficeView
    other_pages = (views.OfficeAddView,)
    viewer = "officer_a"
    no_permission_user = "mediator"

    def in_scope(self, world: World) -> Any:
        return f.office(world, "in")

    def out_of_scope(self, world: World) -> Any:
        return f.office(world, "out")

    def more_in_scope(self, world: World, i: int) -> Any:
        return f.office(world, "in", f"more{i}")


class TestOfficeEditPages(TestOfficePages):
    list_page = None  # type: ignore[assignment]
    detail_page = views.OfficeEditView  # type: ignore[assignment]
    no_permission_user = "grid_a1"


def test_an_office_meets_the_standard_only_with_room_sign_and_every_standard_function(world: World) -> None:
    office = f.office(world, "in")
    assert not office.meets_standard
    office = office_update(
        by=world.officer_a, office_id=office.pk, separate_room=True, has_sign=True, functions=["reception", "mediation"]
    )
    assert not office.meets_standard and office.missing_functions == ["services"]
    office = office_update(by=world.officer_a, office_id=office.pk, functions=["reception", "mediation", "services"])
    assert office.meets_standard


def test_only_officers_of_the_district_can_be_on_duty(world: World, client: Any) -> None:
    office = f.office(world, "in")
    with pytest.raises(ServiceError):
        office_update(by=world.officer_a, office_id=office.pk, on_duty=[world.officer_b])
    office_update(by=world.officer_a, office_id=office.pk, on_duty=[world.officer_a, world.aux_a])
    assert set(office.on_duty.all()) == {world.officer_a, world.aux_a}
    sign_in(client, world.officer_a)
    page = client.get(office.get_absolute_url()).content.decode()
    assert "aux_a" in page


def test_adding_an_office_from_the_page_in_another_district_is_refused(world: World, client: Any) -> None:
    sign_in(client, world.officer_a)
    other = world.node(f.DB)
    response = client.post("/offices/add/", {"district": other.pk, "name": "越权", "address": "某路"})
    assert response.status_code == 200 and not PoliceOffice.objects.exists()
    mine = world.node(f.DA)
    response = client.post(
        "/offices/add/", {"district": mine.pk, "name": "东街警务室", "address": "东街1号", "functions": ["reception"]}
    )
    assert response.status_code == 302
    assert PoliceOffice.objects.get().functions == ["reception"]
