"""Tips on the portal: privacy between residents, the public status, reopening, routing, abuse
limits; evaluations once per resident per item; the officers' figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client, override_settings
from django.utils import timezone

from jingwang.accounts.services import user_create
from jingwang.audit.models import AuditEvent
from jingwang.casework.models import Case, Department
from jingwang.casework.services import case_transition
from jingwang.core.errors import ServiceError
from jingwang.core.roles import Role
from jingwang.disputes.models import Dispute
from jingwang.testing import World, sign_in
from jingwang.tips import services
from jingwang.tips.models import Evaluation, Tip
from jingwang.tips.selectors import officer_figures
from jingwang.tips.tests.fixtures import IN_A1, IN_B1, category, closed_tip, resident_client, tip
from jingwang.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db


def _neighbour(world: World) -> Client:
    other = user_create(
        by=None,
        username="resident2",
        display_name="resident2",
        password="Correct-Horse-42",
        role=Role.RESIDENT,
        scopes=[world.node("community:320106001001")],
    )
    return sign_in(Client(), other)


def test_a_tip_is_filed_under_the_grid_of_its_point_and_goes_to_that_grid_s_officer(world: World) -> None:
    b = tip(world, "out")
    assert b.case.grid.code == "320106001002001" and b.case.assignee == world.officer_b
    assert b.case.state == "new" and b.public_status == "received"


def test_without_a_point_the_chosen_community_decides_and_without_either_it_is_refused(world: World) -> None:
    community = world.node("community:320106001002")
    done = services.tip_submit(
        category=category(), description="路口有人乱停车堵路", address_text="乙社区北门", community=community
    )
    assert done.tip.case.grid.code == "320106001002001"
    with pytest.raises(ServiceError) as refused:
        services.tip_submit(category=category(), description="路口有人乱停车堵路", address_text="某处")
    assert "community" in refused.value.fields
    with pytest.raises(ServiceError):  # a point outside every grid, no community
        services.tip_submit(category=category(), description="路口有人乱停车堵路", lat=IN_A1[0], lon=IN_A1[1] + 5)


def test_another_resident_never_sees_my_tip_by_any_portal_page(world: World) -> None:
    mine = tip(world, resident=world.resident)
    neighbour = _neighbour(world)
    assert neighbour.get(f"/portal/tips/{mine.pk}/").status_code == 404
    assert neighbour.post(f"/portal/tips/{mine.pk}/rate/", {"rating": "1"}).status_code == 404
    assert neighbour.post("/portal/tips/reopen/", {"tip": mine.pk, "reason": "x"}).status_code == 404
    link = f'href="/portal/tips/{mine.pk}/"'
    assert link not in neighbour.get("/portal/tips/").content.decode()
    assert link in resident_client(world).get("/portal/tips/").content.decode()


def test_staff_and_anonymous_visitors_are_no_residents_on_the_portal(world: World) -> None:
    mine = tip(world, resident=world.resident)
    assert sign_in(Client(), world.officer_a).get(f"/portal/tips/{mine.pk}/").status_code == 404
    assert Client().get(f"/portal/tips/{mine.pk}/").status_code == 404
    assert 'data-testid="tips-sign-in"' in Client().get("/portal/tips/new/").content.decode()


def test_a_wrong_tracking_code_tells_nothing_and_codes_are_long_and_random(world: World) -> None:
    done = services.tip_submit(
        category=category(), description="有人在楼道给电动车充电", address_text="宁海路1号", lat=IN_A1[0], lon=IN_A1[1]
    )
    assert len(services.normalise_code(done.code)) == 16
    assert services.new_tracking_code() != services.new_tracking_code()
    answer = Client().post("/portal/tips/track/", {"code": "ABCD-EFGH-JKMN-PQRS"})
    assert answer.status_code == 400 and "有人在楼道" not in answer.content.decode()
    assert Client().post("/portal/tips/track/", {"code": done.code[:-1]}).status_code == 400
    assert Client().get(f"/portal/tips/track/?code={done.code}").status_code == 200  # a GET never looks it up
    assert not AuditEvent.objects.filter(query__icontains=done.code).exists()


def test_solved_and_not_solved_and_not_ours_are_three_public_statuses(world: World) -> None:
    statuses = {
        closed_tip(world, move, n=i, resident=None).public_status for i, move in enumerate(("solve", "unsolved"))
    }
    other = tip(world, "in", 7)
    case_transition(by=world.officer_a, case_id=other.case_id, transition="not_ours", note="属于物业管理范围")
    other.refresh_from_db()
    assert statuses | {other.public_status} == {"solved", "unsolved", "not_ours"}
    assert other.public_reply == "属于物业管理范围"


def test_the_resident_reopens_within_the_set_time_and_not_after(world: World) -> None:
    done = closed_tip(world)
    client = resident_client(world)
    answer = client.post("/portal/tips/reopen/", {"tip": done.pk, "reason": "晚上又开始吵了"})
    assert answer.status_code == 200
    done.refresh_from_db()
    assert (done.public_status, done.case.state, done.reopened) == ("received", "reopened", 1)
    case_transition(by=world.officer_a, case_id=done.case_id, transition="solve", note="再次处置")
    Tip.objects.filter(pk=done.pk).update(closed_at=timezone.now() - timedelta(days=15))
    late = client.post("/portal/tips/reopen/", {"tip": done.pk, "reason": "还是吵"})
    assert late.status_code == 400
    assert Case.objects.get(pk=done.case_id).state == "solved"


def test_the_staff_cannot_reopen_a_tip_for_the_resident(world: World) -> None:
    done = closed_tip(world)
    with pytest.raises(ServiceError):
        case_transition(by=world.officer_a, case_id=done.case_id, transition="reopen", note="代为重开")


def test_routing_opens_a_work_order_without_the_reporter_s_name(world: World) -> None:
    department, _ = Department.objects.get_or_create(name="城管局")
    sent = tip(world, resident=world.resident)
    case_transition(
        by=world.officer_a,
        case_id=sent.case_id,
        transition="route",
        note="转城管",
        payload={"target": "workorder", "department": str(department.pk)},
    )
    sent.refresh_from_db()
    order = WorkOrder.objects.get(case=sent.routed_case)
    assert sent.routed_kind == "workorder" and order.department == department
    assert "resident" not in order.case.description and "匿名群众" in order.case.description
    assert sent.public_status == "handling"
    shown = Client().post("/portal/tips/track/", {"code": "x"})  # nothing about the department leaks by code guess
    assert "城管局" not in shown.content.decode()


def test_routing_to_a_hazard_opens_a_hazard_case_at_the_tip_s_place(world: World) -> None:
    from jingwang.hazards.models import Category as HazardCategory
    from jingwang.hazards.models import Hazard

    sent = tip(world, resident=world.resident)
    with pytest.raises(ServiceError):  # the category is needed, and the refusal changes nothing
        case_transition(by=world.officer_a, case_id=sent.case_id, transition="route", payload={"target": "hazard"})
    assert not Hazard.objects.exists()
    category = HazardCategory.objects.filter(is_active=True).first()
    assert category is not None  # the code table is data (hazards' migration)
    case_transition(
        by=world.officer_a,
        case_id=sent.case_id,
        transition="route",
        note="转隐患整改",
        payload={"target": "hazard", "hazard_category": category.code},
    )
    sent.refresh_from_db()
    hazard = Hazard.objects.get(case=sent.routed_case)
    assert sent.routed_kind == "hazard" and hazard.category == category
    assert hazard.case.grid_id == sent.case.grid_id and hazard.place == sent.address_text
    assert "匿名群众" in hazard.case.description


def test_routing_to_a_dispute_needs_its_kind_and_a_refusal_changes_nothing(world: World) -> None:
    sent = tip(world)
    with pytest.raises(ServiceError):
        case_transition(by=world.officer_a, case_id=sent.case_id, transition="route", payload={"target": "dispute"})
    assert Case.objects.get(pk=sent.case_id).state == "new" and not Dispute.objects.exists()
    case_transition(
        by=world.officer_a,
        case_id=sent.case_id,
        transition="route",
        payload={"target": "dispute", "dispute_kind": "neighbours"},
    )
    assert Dispute.objects.get().case == Tip.objects.get(pk=sent.pk).routed_case


def test_one_evaluation_per_resident_per_item_also_in_the_database(world: World) -> None:
    done = closed_tip(world)
    services.evaluation_submit(resident=world.resident, kind="tips.tip", object_id=done.pk, rating=5)
    with pytest.raises(ServiceError) as again:
        services.evaluation_submit(resident=world.resident, kind="tips.tip", object_id=done.pk, rating=1)
    assert again.value.code == "conflict"
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(
            kind="tips.tip", object_id=done.pk, resident=world.resident, rating=1, grid=done.case.grid
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(kind="tips.tip", object_id=0, resident=world.resident, rating=6, grid=done.case.grid)


def test_only_a_closed_tip_of_one_s_own_is_evaluated(world: World) -> None:
    open_tip = tip(world, resident=world.resident)
    with pytest.raises(ServiceError):
        services.evaluation_submit(resident=world.resident, kind="tips.tip", object_id=open_tip.pk, rating=3)
    theirs = closed_tip(world, n=3, resident=None)
    with pytest.raises(ServiceError):
        services.evaluation_submit(resident=world.resident, kind="tips.tip", object_id=theirs.pk, rating=3)
    with pytest.raises(ServiceError):
        services.evaluation_submit(resident=world.resident, kind="tips.tip", object_id=open_tip.pk, rating=0)


def test_the_yearly_evaluation_of_the_community_officer_feeds_the_figures(world: World) -> None:
    year = str(timezone.localdate().year)
    client = resident_client(world)
    page = client.get("/portal/tips/officer/").content.decode()
    assert "officer_a" in page and "officer_b" not in page
    community = world.node("community:320106001001")
    answer = client.post("/portal/tips/officer/", {"community": community.pk, "rating": "5", "comment": "很负责"})
    assert answer.status_code == 302
    again = client.post("/portal/tips/officer/", {"community": community.pk, "rating": "1"})
    assert again.status_code == 400
    other = world.node("community:320106001002")
    assert client.post("/portal/tips/officer/", {"community": other.pk, "rating": "1"}).status_code == 400
    row = Evaluation.objects.get()
    assert (row.kind, row.period, row.officer) == ("tips.officer_year", year, world.officer_a)
    [figure] = officer_figures(Evaluation.objects.restrict(world.officer_a))
    assert (figure.officer_id, figure.yearly, figure.average) == (world.officer_a.pk, 1, 5.0)
    assert officer_figures(Evaluation.objects.restrict(world.officer_b)) == []
    staff = sign_in(Client(), world.leader).get("/tips/evaluations/").content.decode()
    assert "很负责" in staff and 'data-testid="officer-figures"' in staff


@override_settings(TIPS_PER_NUMBER_PER_DAY=2, TIPS_PER_ADDRESS_PER_HOUR=3)
def test_tips_are_limited_per_number_and_per_network_address(world: World) -> None:
    cat = category()

    def send(client: Client, n: int, addr: str) -> int:
        body = {"category": cat.pk, "description": f"第{n}条：有人深夜喧哗", "address_text": "宁海路1号"}
        body |= {"lat": str(IN_A1[0]), "lon": str(IN_A1[1])}
        return int(client.post("/portal/tips/new/", body, REMOTE_ADDR=addr).status_code)

    mine = resident_client(world)
    assert [send(mine, n, "10.0.0.1") for n in range(3)] == [201, 201, 400]
    neighbour = _neighbour(world)
    assert send(neighbour, 9, "10.0.0.1") == 201  # the third from this address
    assert send(neighbour, 10, "10.0.0.1") == 400  # the address's limit
    assert send(neighbour, 11, "10.0.0.2") == 201  # another address
    assert Tip.objects.count() == 4


def test_the_staff_tip_page_shows_the_reporter_to_the_police_and_audits_the_read(world: World) -> None:
    sent = tip(world, resident=world.resident)
    page = sign_in(Client(), world.officer_a).get(f"/tips/{sent.pk}/").content.decode()
    assert "resident" in page
    assert AuditEvent.objects.filter(object_type="tips.tip", object_id=str(sent.pk), actor=world.officer_a).exists()
    assert sign_in(Client(), world.grid_a1).get(f"/tips/{sent.pk}/").status_code == 403
    assert sign_in(Client(), world.officer_b).get(f"/tips/{sent.pk}/").status_code == 404
    case_page = sign_in(Client(), world.grid_a1).get(f"/cases/{sent.case_id}/").content.decode()
    assert "resident" not in case_page.split('id="main"')[-1]  # the case shows no reporter


def test_a_point_in_another_district_goes_there(world: World) -> None:
    done = services.tip_submit(category=category(), description="有人在河边钓鱼溺水风险", lat=IN_B1[0], lon=IN_B1[1])
    assert done.tip.case.assignee == world.officer_b
