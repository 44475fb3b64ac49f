from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import close_old_connections, connection, transaction
from django.test import Client
from rest_framework.test import APIClient

from jingwang.core.roles import Role
from jingwang.notifications.models import Notification, SmsMessage
from jingwang.notifications.services import leaders_over, notify, responsible_officers
from jingwang.notifications.sms import MemoryBackend
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_a_notification_reaches_only_its_recipient_inbox_and_api(world: World) -> None:
    notify([world.officer_a], kind="test", title="查核命中", body="网格A1", link="/registry/persons/")
    mine = sign_in(APIClient(), world.officer_a).get("/api/v1/notifications/").json()["results"]
    assert [n["title"] for n in mine] == ["查核命中"]
    theirs = sign_in(APIClient(), world.officer_b).get("/api/v1/notifications/").json()["results"]
    assert theirs == []
    note = Notification.objects.get()
    assert sign_in(APIClient(), world.officer_b).get(f"/api/v1/notifications/{note.pk}/").status_code == 404
    page = sign_in(Client(), world.officer_a).get("/inbox/")
    assert "查核命中" in page.content.decode() and page.status_code == 200
    assert "查核命中" not in sign_in(Client(), world.officer_b).get("/inbox/").content.decode()


def test_unread_count_falls_when_notifications_are_read(world: World) -> None:
    for i in range(3):
        notify([world.officer_a], kind="test", title=f"n{i}")
    api = sign_in(APIClient(), world.officer_a)
    assert api.get("/api/v1/notifications/unread-count/").json() == {"unread": 3}
    first = Notification.objects.order_by("id").first()
    assert first is not None
    assert api.post("/api/v1/notifications/mark-read/", {"ids": [first.pk]}, format="json").json()["unread"] == 2
    assert api.get("/api/v1/notifications/?unread=true").json()["results"].__len__() == 2
    assert api.post("/api/v1/notifications/mark-read/", {}, format="json").json()["unread"] == 0


def test_opening_a_notification_marks_it_read_and_follows_only_local_links(world: World) -> None:
    (local,) = notify([world.officer_a], kind="test", title="a", link="/registry/persons/")
    (foreign,) = notify([world.officer_a], kind="test", title="b", link="https://example.invalid/x")
    client = sign_in(Client(), world.officer_a)
    assert client.post(f"/inbox/{local.pk}/open/")["Location"] == "/registry/persons/"
    assert client.post(f"/inbox/{foreign.pk}/open/")["Location"] == "/inbox/"
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert sign_in(Client(), world.officer_b).post(f"/inbox/{local.pk}/open/").status_code == 404


def test_a_dedupe_key_notifies_each_recipient_once(world: World) -> None:
    for _ in range(2):
        notify([world.officer_a, world.leader], kind="warn", title="red", dedupe_key="case:1:red")
    assert Notification.objects.filter(dedupe_key="case:1:red").count() == 2


def test_text_messages_go_out_only_after_the_effect_commits(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    MemoryBackend.outbox.clear()
    world.leader.set_mobile("13812345678")
    world.leader.save()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([world.leader], kind="warn", title="rolled back", sms=True)
        raise RuntimeError
    assert MemoryBackend.outbox == [] and not SmsMessage.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.leader, world.officer_a], kind="warn", title="红色预警", body="案件逾期", sms=True)
    assert MemoryBackend.outbox == [("13812345678", "红色预警: 案件逾期")]
    message = SmsMessage.objects.get()
    assert message.status == "sent" and message.phone_masked == "138****5678"


def test_the_responsible_officer_is_the_one_over_the_grid_police_district(world: World) -> None:
    grid = world.node("grid:320106001001001")
    assert responsible_officers(grid) == [world.officer_a]
    assert responsible_officers(world.node("grid:320106001002001")) == [world.officer_b]
    assert leaders_over(grid, Role.STATION_LEADER) == [world.leader]
    assert leaders_over(grid, Role.BUREAU_COMMANDER) == [world.commander]


@pytest.mark.django_db(transaction=True)
def test_two_workers_notifying_under_one_key_leave_one_notification(world: World) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("an in-memory SQLite database is not shared between threads")
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                notify([world.officer_a], kind="warn", title="red", dedupe_key="case:9:red")
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Notification.objects.filter(dedupe_key="case:9:red").count() == 1
