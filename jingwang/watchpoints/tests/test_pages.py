"""The page contracts of the watch points' pages, and a keeper reporting from a phone."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.notifications.models import Notification
from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World, sign_in
from jingwang.watchpoints import views
from jingwang.watchpoints.models import Report
from jingwang.watchpoints.tests.factories import B1, point, report

pytestmark = pytest.mark.django_db


def _made(world: World, name: str, key: Any, make: Any) -> Any:
    cache = world.__dict__.setdefault(name, {})
    if key not in cache:
        cache[key] = make()
    return cache[key]


class TestWatchPointPages(ScopedPageContract):
    list_page = views.WatchPointListView
    detail_page = views.WatchPointView
    other_pages = (views.WatchPointAddView,)
    viewer = "officer_a"
    no_permission_user = "resident"

    def in_scope(self, world: World) -> Any:
        return _made(world, "_wp", "in", lambda: point(world, name="页内点", lon=118.75, lat=32.05))

    def out_of_scope(self, world: World) -> Any:
        return _made(world, "_wp", "out", lambda: point(world, B1, name="页外点"))

    def more_in_scope(self, world: World, i: int) -> Any:
        return _made(world, "_wp", i, lambda: point(world, name=f"点{i}", keeper=world.watch_a))


class TestReportPages(ScopedPageContract):
    list_page = views.ReportListView
    detail_page = views.ReportView
    viewer = "officer_a"
    no_permission_user = "resident"

    def in_scope(self, world: World) -> Any:
        return _made(world, "_rp", "in", lambda: report(world, point(world, name="内"), text="页内线索"))

    def out_of_scope(self, world: World) -> Any:
        return _made(world, "_rp", "out", lambda: report(world, point(world, B1, name="外"), text="页外线索"))

    def more_in_scope(self, world: World, i: int) -> Any:
        return _made(world, "_rp", i, lambda: report(world, point(world, name=f"报{i}"), text=f"线索{i}"))


def test_a_keeper_reports_someone_in_need_and_the_officer_is_told(world: World, client: Any) -> None:
    mine = point(world, name="社区便利店", keeper=world.watch_a)
    sign_in(client, world.watch_a)
    page = client.get(f"/watchpoints/{mine.pk}/").content.decode()
    assert 'data-testid="report-form"' in page
    answer = client.post(f"/watchpoints/{mine.pk}/report/", {"kind": "person_in_need", "text": "一位老人找不到家"})
    assert answer.status_code == 302
    made = Report.objects.get()
    told = Notification.objects.get(kind="watchpoints.report")
    assert told.recipient == world.officer_a and told.link == f"/watchpoints/reports/{made.pk}/"
    sign_in(client, world.officer_a)
    assert client.post(f"/watchpoints/reports/{made.pk}/handle/").status_code == 302
    made.refresh_from_db()
    assert made.handled_at is not None


def test_an_officer_adds_a_watch_point_with_its_keeper_in_their_area(world: World, client: Any) -> None:
    sign_in(client, world.officer_a)
    data = {
        "name": "宁海路药房",
        "kind": "pharmacy",
        "functions": ["refuge", "help"],
        "opening_hours": "08:00-22:00",
        "address": "宁海路8号",
        "grid": world.node("grid:320106001001001").pk,
        "keeper_username": "watch_a",
        "lon": "118.75",
        "lat": "32.05",
    }
    assert client.post("/watchpoints/new/", data).status_code == 302
    made = views.WatchPoint.objects.get(name="宁海路药房")
    assert made.keeper == world.watch_a and made.functions == ["refuge", "help"]
    refused = client.post("/watchpoints/new/", {**data, "name": "非守望员", "keeper_username": "grid_a1"})
    assert refused.status_code == 200 and not views.WatchPoint.objects.filter(name="非守望员").exists()
    listing = client.get("/watchpoints/").content.decode()
    assert 'id="map-points"' in listing and "宁海路药房" in listing
