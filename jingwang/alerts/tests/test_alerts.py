"""Sending an alert to an area, the recipients' answers, closing, and the text-message fallback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jingwang import upload_testing as files
from jingwang.accounts.models import RoleAssignment, User
from jingwang.alerts import services
from jingwang.alerts.models import Alert, Delivery, Feedback
from jingwang.alerts.tests.factories import A1, A2, B1, delivery_of, send
from jingwang.core.access import forget_grants
from jingwang.core.errors import ServiceError
from jingwang.core.roles import Role
from jingwang.notifications.models import Notification, SmsMessage
from jingwang.notifications.sms import MemoryBackend
from jingwang.testing import World, sign_in
from jingwang.worker.jobs import run_pending

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def _recipients(alert: Alert) -> set[str]:
    return set(Delivery.objects.filter(alert=alert).values_list("recipient__username", flat=True))


def test_an_alert_to_a_grid_reaches_its_grid_worker_volunteer_and_watch_point_only(world: World) -> None:
    alert = send(world, area=(A1,))
    # the volunteer holds the role over community A, which grid A1 lies in
    assert _recipients(alert) == {"grid_a1", "volunteer", "watch_a"}
    assert alert.recipient_count == 3
    inbox = Notification.objects.filter(recipient=world.grid_a1, kind="alerts.alert")
    assert inbox.count() == 1 and "寻找走失老人" in inbox.get().title
    assert not Notification.objects.filter(recipient=world.grid_b1).exists()


def test_picking_a_police_district_reaches_every_grid_under_it_and_the_officers_audience(world: World) -> None:
    alert = send(world, by="leader", area=("police_district:320106001002",), audiences=["grid_workers", "officers"])
    assert _recipients(alert) == {"grid_b1", "officer_b"}
    assert set(alert.grids.values_list("code", flat=True)) == {"320106001002001"}


def test_a_radius_around_a_point_reaches_the_grids_the_circle_meets(world: World) -> None:
    # grid A1 spans 118.70-118.80 E, 32.00-32.10 N; a 1 km circle inside it meets no other grid
    alert = send(world, area=(), lon=118.75, lat=32.05, radius_m=1000, audiences=["grid_workers"])
    assert set(alert.grids.values_list("code", flat=True)) == {"320106001001001"}
    assert _recipients(alert) == {"grid_a1"}
    # on the border of A1 and B1 (118.80 E) the circle meets both, but officer A may send to A only
    border = send(world, area=(), lon=118.7995, lat=32.05, radius_m=2000, audiences=["grid_workers"])
    assert set(border.grids.values_list("code", flat=True)) == {"320106001001001"}
    wide = send(world, by="leader", area=(), lon=118.7995, lat=32.05, radius_m=2000, audiences=["grid_workers"])
    assert set(wide.grids.values_list("code", flat=True)) == {"320106001001001", "320106001002001"}


def test_an_area_outside_the_senders_scope_is_refused_and_nothing_is_written(world: World, api_as: Any) -> None:
    with pytest.raises(ServiceError) as refused:
        send(world, area=(), lon=118.85, lat=32.05, radius_m=500)
    assert "area" in refused.value.fields
    answer = api_as("officer_a").post(
        "/api/v1/alerts/", {"title": "x", "body": "y", "audiences": ["grid_workers"], "area": [B1]}, format="json"
    )
    assert answer.status_code == 400 and "area" in answer.json()["error"]["fields"]
    bad = api_as("officer_a").post(
        "/api/v1/alerts/", {"title": "x", "body": "y", "audiences": ["nobody"], "area": [A1]}, format="json"
    )
    assert bad.status_code == 400
    assert not Alert.objects.exists() and not Delivery.objects.exists()


def test_the_fan_out_costs_the_same_queries_for_many_recipients_as_for_few(world: World) -> None:
    grid = world.node(A2)

    def workers(count: int, prefix: str) -> None:
        users = User.objects.bulk_create(
            [User(username=f"{prefix}{i}", display_name=f"{prefix}{i}") for i in range(count)]
        )
        RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role=Role.GRID_WORKER, node=grid) for u in users])

    workers(3, "few")
    forget_grants(world.officer_a)
    with CaptureQueriesContext(connection) as few:
        small = send(world, area=(A2,), audiences=["grid_workers"])
    workers(1200, "many")  # more than one INSERT's worth of rows
    forget_grants(world.officer_a)
    with CaptureQueriesContext(connection) as many:
        big = send(world, area=(A2,), audiences=["grid_workers"])
    assert (small.recipient_count, big.recipient_count) == (3, 1203)
    inserts = [q["sql"] for q in many.captured_queries if q["sql"].startswith("INSERT")]
    # one statement per 500 deliveries and per 500 inbox rows, never one per recipient
    assert len(many.captured_queries) - len(few.captured_queries) == 4 and len(inserts) < 10
    assert Notification.objects.filter(subject_id=str(big.pk)).count() == 1203


def test_a_grid_worker_acknowledges_with_a_photo_and_the_board_shows_it(world: World, client: Any) -> None:
    alert = send(world)
    delivery = delivery_of(alert, world, "grid_a1")
    sign_in(client, world.grid_a1)
    page = client.get(f"/alerts/mine/{delivery.pk}/")
    assert page.status_code == 200 and "阿尔茨海默病" in page.content.decode()
    delivery.refresh_from_db()
    assert delivery.read_at is not None
    assert Notification.objects.get(recipient=world.grid_a1, kind="alerts.alert").read_at is not None
    photo = SimpleUploadedFile("seen.png", files.png(), content_type="image/png")
    answer = client.post(
        f"/alerts/mine/{delivery.pk}/acknowledge/",
        {"text": "在公园长椅上看到", "place": "玄武湖公园东门", "lon": "118.75", "lat": "32.05", "photo": photo},
    )
    assert answer.status_code == 302
    delivery.refresh_from_db()
    assert delivery.acknowledged_at is not None
    feedback = Feedback.objects.get(delivery=delivery)
    assert feedback.place == "玄武湖公园东门" and feedback.photo_type == "image/png"

    sign_in(client, world.officer_a)
    board = client.get(f"/alerts/{alert.pk}/board/").content.decode()
    assert "玄武湖公园东门" in board and f"/alerts/{alert.pk}/feedback/{feedback.pk}/photo/" in board
    shown = client.get(f"/alerts/{alert.pk}/feedback/{feedback.pk}/photo/")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    sign_in(client, world.officer_b)  # another district's officer cannot see the photo
    assert client.get(f"/alerts/{alert.pk}/feedback/{feedback.pk}/photo/").status_code == 404


def test_a_hostile_photo_is_refused_and_nothing_is_acknowledged(world: World, client: Any) -> None:
    delivery = delivery_of(send(world), world, "grid_a1")
    sign_in(client, world.grid_a1)
    bad = SimpleUploadedFile("x.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
    answer = client.post(f"/alerts/mine/{delivery.pk}/acknowledge/", {"text": "看到", "photo": bad})
    assert answer.status_code == 400 and "请附上照片" in answer.content.decode()
    delivery.refresh_from_db()
    assert delivery.acknowledged_at is None and not Feedback.objects.exists()


def test_closing_an_alert_tells_every_recipient_once_and_ends_acknowledgements(world: World, api_as: Any) -> None:
    alert = send(world)
    answer = api_as("officer_a").post(
        f"/api/v1/alerts/{alert.pk}/close/", {"note": "人已找到，感谢协助"}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["closed_at"]
    closed = Notification.objects.filter(kind="alerts.closed", subject_id=str(alert.pk))
    assert set(closed.values_list("recipient__username", flat=True)) == {"grid_a1", "volunteer", "watch_a"}
    assert api_as("officer_a").post(f"/api/v1/alerts/{alert.pk}/close/", {}, format="json").status_code == 400
    assert closed.count() == 3
    delivery = delivery_of(alert, world, "grid_a1")
    refused = api_as("grid_a1").post(f"/api/v1/alert-deliveries/{delivery.pk}/acknowledge/", {}, format="json")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "closed"


def test_an_unread_high_priority_alert_falls_back_to_one_text_message(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    MemoryBackend.outbox.clear()
    for user, number in (
        (world.grid_a1, "13800000001"),
        (world.watch_a, "13800000002"),
        (world.volunteer, "13800000003"),
    ):
        user.set_mobile(number)
        user.save()
    with time_machine.travel(T0, tick=False) as clock:
        alert = send(world, priority="high", sms_after_minutes=10)
        services.delivery_mark_read(by=world.watch_a, delivery_id=delivery_of(alert, world, "watch_a").pk)
        clock.shift(timedelta(minutes=9))
        with django_capture_on_commit_callbacks(execute=True):
            run_pending(periodic=True)
        assert not SmsMessage.objects.exists()  # not yet: 9 minutes
        clock.shift(timedelta(minutes=2))
        for _ in range(2):  # the job runs twice (two slots, or two workers): one message each
            with django_capture_on_commit_callbacks(execute=True):
                run_pending(periodic=True)
            clock.shift(timedelta(minutes=1))
    texted = sorted(SmsMessage.objects.values_list("recipient__username", "status"))
    assert texted == [("grid_a1", "sent"), ("volunteer", "sent")]  # the watch point had read it
    assert sorted(phone for phone, _ in MemoryBackend.outbox) == ["13800000001", "13800000003"]
    assert all("寻找走失老人" in text for _, text in MemoryBackend.outbox)


def test_a_normal_alert_sends_no_text_message_and_an_urgent_one_at_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.grid_a1.set_mobile("13800000001")
    world.grid_a1.save()
    with time_machine.travel(T0, tick=False) as clock:
        send(world, priority="normal", audiences=["grid_workers"])
        clock.shift(timedelta(hours=1))
        with django_capture_on_commit_callbacks(execute=True):
            run_pending(periodic=True)
        assert not SmsMessage.objects.exists()
        with django_capture_on_commit_callbacks(execute=True):
            send(world, priority="urgent", audiences=["grid_workers"])
    assert list(SmsMessage.objects.values_list("recipient__username", flat=True)) == ["grid_a1"]


def test_the_send_page_sends_to_the_picked_grids_with_a_photo(world: World, client: Any) -> None:
    sign_in(client, world.leader)
    form = client.get("/alerts/send/").content.decode()
    assert 'value="grid:320106001001001"' in form and "data-node-filter" in form
    photo = SimpleUploadedFile("p.jpg", files.jpeg(), content_type="image/jpeg")
    answer = client.post(
        "/alerts/send/",
        {
            "title": "查找被盗电动车",
            "body": "蓝色雅迪电动车，车牌苏A12345",
            "kind": "wanted_vehicle",
            "priority": "normal",
            "audiences": ["grid_workers", "watch_points"],
            "area": ["grid:320106001001001"],
            "expires_in_hours": "12",
            "sms_after_minutes": "10",
            "photos": [photo],
        },
    )
    alert = Alert.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/alerts/{alert.pk}/"
    assert _recipients(alert) == {"grid_a1", "watch_a"}
    assert alert.photos.count() == 1
    delivery = delivery_of(alert, world, "watch_a")
    sign_in(client, world.watch_a)
    shown = client.get(f"/alerts/mine/{delivery.pk}/photos/{alert.photos.get().pk}/")
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"


def test_the_my_alerts_feed_shows_a_new_alert_without_the_page_being_reloaded(world: World, client: Any) -> None:
    sign_in(client, world.grid_a1)
    page = client.get("/alerts/mine/").content.decode()
    assert 'hx-get="/alerts/mine/feed/"' in page and 'hx-trigger="every 3s"' in page
    assert "寻找走失老人" not in client.get("/alerts/mine/feed/").content.decode()
    send(world)
    assert "寻找走失老人" in client.get("/alerts/mine/feed/").content.decode()
