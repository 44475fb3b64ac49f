"""Return visits: a preventable crime against a household opens exactly one, for the community
officer, with a policy deadline the sweep enforces; the checklist may raise a work order."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from jingwang.casework.catalogue import department_set_members
from jingwang.casework.models import Case, DeadlinePolicy, Department
from jingwang.casework.moves import case_move
from jingwang.casework.sweep import sweep
from jingwang.core.errors import ServiceError
from jingwang.incidents.followups.models import RETURN_VISIT, ReturnVisit
from jingwang.incidents.followups.services import return_visits_for_numbers
from jingwang.incidents.followups.tests.helpers import GRID_B1, house, incident
from jingwang.notifications.models import Notification
from jingwang.testing import World, sign_in
from jingwang.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db


def test_a_preventable_burglary_opens_exactly_one_return_visit_even_when_imported_again(world: World) -> None:
    with time_machine.travel("2026-11-21 09:00:00+08:00", tick=False):
        burglary = incident(world, home=house(world))
        first = return_visits_for_numbers(numbers=[burglary.number])
        again = return_visits_for_numbers(numbers=[burglary.number, burglary.number])
    assert len(first) == 1 and again == []
    visit = ReturnVisit.objects.get(incident=burglary)
    assert visit.case.kind == RETURN_VISIT and visit.case.state == "due"
    assert visit.case.assignee == world.officer_a  # the community officer of the district
    assert visit.house == burglary.house
    assert Case.objects.filter(kind=RETURN_VISIT).count() == 1


def test_an_address_with_a_house_counts_as_a_household(world: World) -> None:
    home = house(world)
    crime = incident(world, home=None, address=home.address)
    assert len(return_visits_for_numbers(numbers=[crime.number])) == 1
    assert ReturnVisit.objects.get(incident=crime).house == home


def test_no_return_visit_for_crimes_not_preventable_not_criminal_or_not_at_a_household(world: World) -> None:
    home = house(world)
    rows = [
        incident(world, "fight", home=home),  # not preventable
        incident(world, "noise", home=home),  # not a crime
        incident(world, "burglary"),  # no household
        incident(world, "burglary", home=None, address=house(world, room="9").address, grid=None),  # no grid
    ]
    assert return_visits_for_numbers(numbers=[r.number for r in rows]) == []
    assert not ReturnVisit.objects.exists()


def test_an_overdue_return_visit_warns_then_goes_red(world: World) -> None:
    policy = DeadlinePolicy.objects.get(kind=RETURN_VISIT, stage="return_visit")
    assert float(policy.red_hours) == 7 * 24  # the default deadline, kept as policy data
    with time_machine.travel("2026-11-21 09:00:00+08:00", tick=False) as clock:
        (visit,) = return_visits_for_numbers(numbers=[incident(world, home=house(world)).number])
        clock.shift(timedelta(days=4))
        assert sweep().yellow == 0
        clock.shift(timedelta(days=1, hours=1))  # past 5 days
        assert sweep().yellow == 1
        assert Notification.objects.filter(recipient=world.officer_a, kind="casework.yellow").count() == 1
        clock.shift(timedelta(days=2))  # past 7 days
        assert sweep().red == 1
        assert Notification.objects.filter(recipient=world.officer_a, kind="casework.red").count() == 1
    assert Case.objects.get(pk=visit.case_id).escalation == 1


def test_the_checklist_records_the_visit_and_a_hazard_becomes_a_work_order(world: World) -> None:
    department = Department.objects.create(name="消防救援大队", default_deadline_hours=48)
    department_set_members(by=None, department_id=department.pk, members=[world.dept])
    (visit,) = return_visits_for_numbers(numbers=[incident(world, home=house(world)).number])
    data = {"advice_given": True, "hazard_found": True, "hazard_note": "楼道堆放电动车", "department": department.pk}
    case_move(by=world.officer_a, case=visit.case, transition="visit", data=data)
    visit.refresh_from_db()
    assert visit.case.state == "visited" and visit.advice_given and visit.hazard_found
    order = WorkOrder.objects.get(case=visit.workorder_case)
    assert order.source_case == visit.case and order.department == department


def test_a_hazard_without_a_department_is_a_400_and_nothing_moves(world: World) -> None:
    (visit,) = return_visits_for_numbers(numbers=[incident(world, home=house(world)).number])
    with pytest.raises(ServiceError) as refused:
        case_move(
            by=world.officer_a, case=visit.case, transition="visit", data={"advice_given": True, "hazard_found": True}
        )
    assert refused.value.status == 400 and "department" in (refused.value.fields or {})
    assert Case.objects.get(pk=visit.case_id).state == "due" and not WorkOrder.objects.exists()


def test_the_officer_records_the_visit_on_its_page_and_the_other_district_gets_404(world: World, client: Any) -> None:
    (visit,) = return_visits_for_numbers(numbers=[incident(world, home=house(world)).number])
    sign_in(client, world.officer_b)
    assert client.get(f"/incidents/followups/return-visits/{visit.pk}/").status_code == 404
    sign_in(client, world.officer_a)
    page = client.get(f"/incidents/followups/return-visits/{visit.pk}/").content.decode()
    assert 'data-testid="checklist-form"' in page and visit.incident.number in page
    client.post(f"/incidents/followups/return-visits/{visit.pk}/", {"advice_given": "on", "note": "已告知防盗措施"})
    visit.refresh_from_db()
    assert visit.case.state == "visited" and visit.advice_given is True and visit.hazard_found is False


def test_history_older_than_the_window_opens_no_return_visit(world: World) -> None:
    with time_machine.travel("2026-11-21 09:00:00+08:00", tick=False):
        old = incident(world, home=house(world), at=timezone.now() - timedelta(days=31))
        recent = incident(world, home=house(world, room="502"), at=timezone.now() - timedelta(days=29))
        opened = return_visits_for_numbers(numbers=[old.number, recent.number])
    assert [v.incident for v in opened] == [recent]


def test_a_visit_in_another_district_is_opened_for_that_districts_officer(world: World) -> None:
    (visit,) = return_visits_for_numbers(numbers=[incident(world, grid=GRID_B1, home=house(world, GRID_B1)).number])
    assert visit.case.assignee == world.officer_b


def test_the_import_opens_the_return_visit_once_and_a_rerun_opens_none(world: World) -> None:
    from jingwang.incidents.services import record_incidents
    from jingwang.registry.services.places import address_resolve, house_for_address

    place = "江苏省南京市鼓楼区宁海路街道宁海路12号"
    house_for_address(by=None, address=address_resolve(by=None, text=place, lon=118.75, lat=32.05))
    row = {"number": "J-IMPORT-1", "occurred_at": "2026-11-20 14:30", "category": "0101", "place": place}
    with time_machine.travel("2026-11-21 09:00:00+08:00", tick=False):
        assert record_incidents([row], by=None).created == 1
        assert record_incidents([row], by=None).created == 0
    visit = ReturnVisit.objects.select_related("case").get()
    assert visit.incident.number == "J-IMPORT-1" and visit.case.assignee == world.officer_a
    assert Case.objects.filter(kind=RETURN_VISIT).count() == 1
