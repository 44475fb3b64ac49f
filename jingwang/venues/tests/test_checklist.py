"""The trade's inspection checklist is ticked item by item with the inspector's move, on the
phone-first inspection page and through the API (the transition's input carries the items found in
order and those found wanting); what was recorded is kept with the inspection and shown on its page."""

from __future__ import annotations

from django.test import Client

from jingwang.casework.models import Case
from jingwang.testing import World, sign_in
from jingwang.venues.inspections import inspection_open
from jingwang.venues.models import Inspection, InspectionKind, Venue
from jingwang.venues.tests.conftest import A1, make_venue

KTV_ITEMS = ["营业日志完整未涂改", "凌晨2时至8时未营业", "无法律禁止人员从业"]


def _ktv_inspection(world: World) -> Inspection:
    ktv = make_venue(world, A1, "星光KTV", "entertainment", operator="venue_op_a")
    return inspection_open(by=world.officer_a, venue=ktv, kind=InspectionKind.COMPLAINT)


def _results(inspection: Inspection) -> dict[str, bool | None]:
    inspection.refresh_from_db()
    return {row["item"]: row["ok"] for row in inspection.checklist}


def test_the_api_notice_records_each_ticked_item_with_the_inspection(world: World, api_as: object) -> None:
    inspection = _ktv_inspection(world)
    client = api_as("officer_a")  # type: ignore[operator]
    body = {"note": "营业日志有涂改", "checked": [KTV_ITEMS[1], KTV_ITEMS[2]], "failed": [KTV_ITEMS[0]]}
    answer = client.post(f"/api/v1/cases/{inspection.case_id}/notice/", body, format="json")
    assert answer.status_code == 200, answer.content
    results = _results(inspection)
    assert results[KTV_ITEMS[0]] is False and results[KTV_ITEMS[1]] is True and results[KTV_ITEMS[2]] is True
    assert all(row["by"] == world.officer_a.pk and row["move"] == "notice" for row in inspection.checklist[-3:])
    assert results["从业人员已报备"] is None  # not ticked: not checked
    # the re-inspection ticks the item found wanting as in order, and keeps the rest
    answer = client.post(
        f"/api/v1/cases/{inspection.case_id}/reinspect/", {"note": "已整改", "checked": [KTV_ITEMS[0]]}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert _results(inspection)[KTV_ITEMS[0]] is True and Case.objects.get(pk=inspection.case_id).state == "rectified"


def test_passing_with_an_item_found_wanting_or_an_unknown_item_is_a_400_that_changes_nothing(
    world: World, api_as: object
) -> None:
    inspection = _ktv_inspection(world)
    client = api_as("officer_a")  # type: ignore[operator]
    url = f"/api/v1/cases/{inspection.case_id}/pass/"
    for body, field in (
        ({"failed": [KTV_ITEMS[0]]}, "failed"),
        ({"checked": ["不存在的检查项"]}, "checked"),
        ({"checked": [KTV_ITEMS[0]], "failed": [KTV_ITEMS[0]]}, "failed"),
        ({"checked": "营业日志完整未涂改"}, "checked"),
    ):
        answer = client.post(url, body, format="json")
        assert answer.status_code == 400 and field in answer.json()["error"]["fields"], answer.content
    assert set(_results(inspection).values()) == {None}
    assert Case.objects.get(pk=inspection.case_id).state == "scheduled"


def test_the_inspection_page_ticks_the_checklist_and_shows_what_was_recorded(world: World, hotel_a: Venue) -> None:
    inspection = inspection_open(by=world.officer_a, venue=hotel_a, kind=InspectionKind.COMPLAINT)
    client = Client()
    sign_in(client, world.officer_a)
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert page.count('type="checkbox" name="checked"') == len(inspection.checklist)
    assert page.count('type="checkbox" name="failed"') == len(inspection.checklist)
    assert page.count('data-testid="pass-form"') == 1 and 'data-testid="notice-form"' not in page  # one shared form
    items = [row["item"] for row in inspection.checklist]
    posted = client.post(
        f"/cases/{inspection.case_id}/act/",
        {
            "action": "transition",
            "transition": "notice",
            "version": inspection.case.version,
            "note": "监控硬盘损坏",
            "checked": items[:-1],
            "failed": [items[-1]],
        },
    )
    assert posted.status_code == 302
    assert _results(inspection) == {**dict.fromkeys(items[:-1], True), items[-1]: False}
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert page.count('data-ok="ok"') == len(items) - 1 and page.count('data-ok="failed"') == 1
    assert f"{items[-1]}：<strong>不合格</strong>" in page
