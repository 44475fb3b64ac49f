"""Incident bulletins: no personal data, small counts suppressed, published to the roster and
volunteers, readable by the community's residents once published (never as a draft)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.utils import translation

from jingwang.accounts.models import RosterMember
from jingwang.core.errors import ServiceError
from jingwang.incidents.followups.bulletins import bulletin_draft, bulletin_publish
from jingwang.incidents.followups.models import Bulletin
from jingwang.incidents.followups.tests.helpers import GRID_A2, GRID_B1, incident
from jingwang.notifications.models import Notification
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def at(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 10, 0, tzinfo=TZ)


def seed(world: World) -> None:
    """Community A in November: 4 burglaries, 2 fights, 1 traffic accident; October: 1 burglary,
    5 fights, and one more fight on 1 October (outside the previous period of equal length).
    Community B: 9 burglaries (must not count)."""
    for d in range(1, 5):
        incident(world, "burglary", at=at(d), caller_name="张三", caller_id_masked="320106********1234",
                 caller_phone_masked="138****5678", summary="张三 13812345678 家中被盗")  # fmt: skip
    incident(world, "fight", at=at(5), grid=GRID_A2)
    incident(world, "fight", at=at(6))
    incident(world, "traffic", at=at(7))
    incident(world, "burglary", at=at(3, 10))
    incident(world, "fight", at=at(1, 10))
    for d in range(2, 7):  # the previous period of November's 30 days is 2 to 31 October
        incident(world, "fight", at=at(d, 10))
    for d in range(1, 10):
        incident(world, "burglary", at=at(d), grid=GRID_B1)


def draft(world: World, **kwargs: Any) -> Bulletin:
    start, end = NOVEMBER
    return bulletin_draft(
        by=world.officer_a,
        community=world.node("community:320106001001"),
        period_start=start,
        period_end=end,
        advice=kwargs.pop("advice", "出门锁好门窗，贵重物品妥善保管。"),
        **kwargs,
    )


@time_machine.travel("2026-12-03 09:00:00+08:00", tick=False)
def test_a_bulletin_holds_no_personal_data_and_suppresses_small_counts(world: World) -> None:
    seed(world)
    bulletin = draft(world)
    text = json.dumps(bulletin.figures, ensure_ascii=False) + bulletin.title + bulletin.advice
    for personal in ("张三", "1234", "5678", "13812345678", "家中被盗", "J0"):
        assert personal not in text
    rows = {r["kind"]: r for r in bulletin.figures["rows"]}
    assert rows["criminal"]["count"] == {"value": 4, "text": "4"}
    assert rows["criminal"]["previous"] == {"value": None, "text": "少于3"}  # 1 in October
    assert rows["public_order"]["count"] == {"value": None, "text": "少于3"}  # 2 in November
    assert rows["traffic"]["count"]["text"] == "少于3"
    assert rows["public_order"]["trend"] == "下降"  # a direction only: 5 → 2 must not be worked back
    assert rows["traffic"]["trend"] == "新增"
    assert bulletin.figures["total"]["value"] == 7  # community B's nine are not counted
    assert bulletin.figures["trend"] == "上升 17%"  # 6 → 7


@time_machine.travel("2026-12-03 09:00:00+08:00", tick=False)
def test_the_threshold_is_a_setting(world: World) -> None:
    seed(world)
    with override_settings(INCIDENT_BULLETIN_MIN_COUNT=5):
        rows = {r["kind"]: r for r in draft(world).figures["rows"]}
    assert rows["criminal"]["count"]["text"] == "少于5"


@time_machine.travel("2026-12-03 09:00:00+08:00", tick=False)
def test_advice_with_a_phone_or_id_number_is_refused(world: World) -> None:
    with pytest.raises(ServiceError) as refused:
        draft(world, advice="有情况请联系张警官 13812345678")
    assert refused.value.status == 400 and "advice" in (refused.value.fields or {})
    assert not Bulletin.objects.exists()


@time_machine.travel("2026-12-03 09:00:00+08:00", tick=False)
def test_an_officer_may_not_draft_for_another_community(world: World) -> None:
    with pytest.raises(ServiceError):
        bulletin_draft(by=world.officer_b, community=world.node("community:320106001001"),
                       period_start=NOVEMBER[0], period_end=NOVEMBER[1], advice="注意防范")  # fmt: skip
    assert not Bulletin.objects.exists()


@time_machine.travel("2026-12-03 09:00:00+08:00", tick=False)
def test_publishing_sends_it_to_the_roster_and_volunteers_and_residents_read_it(world: World, client: Any) -> None:
    seed(world)
    RosterMember.objects.create(
        police_district=world.node("police_district:320106001001"), position="auxiliary", user=world.aux_a, name="辅警"
    )
    bulletin = draft(world)
    sign_in(client, world.resident)
    assert client.get(f"/incidents/followups/bulletins/{bulletin.pk}/").status_code == 404  # a draft
    bulletin_publish(by=world.officer_a, bulletin_id=bulletin.pk)
    sent = set(Notification.objects.filter(kind="incidents.bulletin").values_list("recipient__username", flat=True))
    assert sent == {"aux_a", "volunteer"}
    page = client.get(f"/incidents/followups/bulletins/{bulletin.pk}/").content.decode()
    assert 'data-testid="bulletin-counts"' in page and "少于3" in page and "张三" not in page
    assert [b["id"] for b in client.get("/api/v1/incident-bulletins/").json()["results"]] == [bulletin.pk]
    with pytest.raises(ServiceError):
        bulletin_publish(by=world.officer_a, bulletin_id=bulletin.pk)  # once


@time_machine.travel("2026-12-03 09:00:00+08:00", tick=False)
def test_draft_preview_and_publish_through_the_pages_and_the_api(world: World, client: Any, api_as: Any) -> None:
    seed(world)
    sign_in(client, world.officer_a)
    response = client.post(
        "/incidents/followups/bulletins/new/",
        {"community": world.node("community:320106001001").pk, "period_start": "2026-11-01",
         "period_end": "2026-11-30", "advice": "防盗防骗"},
    )  # fmt: skip
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and response["Location"] == bulletin.get_absolute_url()
    assert 'data-testid="preview"' in client.get(bulletin.get_absolute_url()).content.decode()
    client.post(f"/incidents/followups/bulletins/{bulletin.pk}/publish/")
    bulletin.refresh_from_db()
    assert bulletin.status == "published"
    officer = api_as("officer_a")
    october = {"community": "community:320106001001", "period_start": "2026-10-01", "period_end": "2026-10-31"}
    made = officer.post("/api/v1/incident-bulletins/", {**october, "advice": "防盗"}, format="json")
    assert made.status_code == 201, made.content
    assert officer.post(f"/api/v1/incident-bulletins/{made.json()['id']}/publish/").json()["status"] == "published"
    backwards = {**october, "period_start": "2026-10-31", "period_end": "2026-10-01", "advice": "x"}
    bad = officer.post("/api/v1/incident-bulletins/", backwards, format="json")
    assert bad.status_code == 400 and "period_end" in bad.json()["error"]["fields"]


def test_a_bulletin_is_kept_in_the_site_language_whatever_the_drafters(world: World) -> None:
    seed(world)
    with translation.override("en"):
        rows = {r["kind"]: r for r in draft(world).figures["rows"]}
    assert rows["public_order"]["count"] == {"value": None, "text": "少于3"}
