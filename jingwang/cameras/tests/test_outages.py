"""Frozen clock: a camera offline past the threshold raises exactly one work order to the
maintenance department, however often and by however many workers the sweep runs."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import override_settings

from jingwang.cameras.models import Outage
from jingwang.cameras.services import EventIn, status_ingest
from jingwang.cameras.tests.fixtures import TZ, new_camera
from jingwang.testing import World
from jingwang.worker.jobs import enqueue, run_pending
from jingwang.workorders.models import WorkOrder

T0 = datetime(2026, 6, 10, 8, 0, tzinfo=TZ)
HOUR = 3600


def ts(d: datetime) -> int:
    return int(d.timestamp())


@override_settings(CAMERAS_OUTAGE_AFTER_SECONDS=2 * HOUR)
def test_a_camera_offline_past_the_threshold_raises_exactly_one_work_order(world: World) -> None:
    camera = new_camera(world, name="东门")
    healthy = new_camera(world, name="西门")
    with time_machine.travel(T0, tick=False) as clock:
        status_ingest(
            by=world.leader,
            events=[
                EventIn(camera.gb_id, "ON", ts(T0) - HOUR),
                EventIn(camera.gb_id, "OFF", ts(T0)),
                EventIn(healthy.gb_id, "OFF", ts(T0)),
                EventIn(healthy.gb_id, "ON", ts(T0) + 60),  # a missed heartbeat
            ],
        )
        clock.shift(timedelta(hours=1, minutes=59))
        enqueue("cameras.outages", {})
        run_pending()
        assert WorkOrder.objects.count() == 0  # not yet past the threshold

        clock.shift(timedelta(minutes=2))
        # The platform repeats OFF while the camera stays down: the outage still began at T0.
        status_ingest(by=world.leader, events=[EventIn(camera.gb_id, "OFF", ts(T0) + 2 * HOUR)])
        for _ in range(3):
            enqueue("cameras.outages", {})
            run_pending()
        order = WorkOrder.objects.get()
        assert order.department.name == "视频监控运维中心"
        assert order.case.grid_id == camera.grid_id
        assert camera.gb_id in order.source_ref
        outage = Outage.objects.get()
        assert (outage.camera_id, outage.started_at, outage.workorder_id) == (camera.pk, ts(T0), order.pk)

        # Back online: the outage closes; a new outage later is a new work order.
        clock.shift(timedelta(hours=1))
        status_ingest(by=world.leader, events=[EventIn(camera.gb_id, "ON", ts(T0) + 3 * HOUR)])
        enqueue("cameras.outages", {})
        run_pending()
        outage.refresh_from_db()
        assert outage.ended_at == ts(T0) + 3 * HOUR
        assert WorkOrder.objects.count() == 1
        status_ingest(by=world.leader, events=[EventIn(camera.gb_id, "OFF", ts(T0) + 4 * HOUR)])
        clock.shift(timedelta(hours=4))
        enqueue("cameras.outages", {})
        run_pending()
        assert WorkOrder.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@override_settings(CAMERAS_OUTAGE_AFTER_SECONDS=2 * HOUR)
def test_two_workers_sweeping_at_once_raise_one_work_order(world: World) -> None:
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("an in-memory SQLite database is not shared between threads")
    from jingwang.cameras.services import outages_sweep

    camera = new_camera(world, name="北门")
    status_ingest(by=world.leader, events=[EventIn(camera.gb_id, "OFF", ts(T0))])
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    raised: list[int] = []

    def worker() -> None:
        try:
            barrier.wait()
            raised.append(outages_sweep(now=ts(T0) + 3 * HOUR))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(raised) == [0, 1]
    assert WorkOrder.objects.count() == 1
    assert Outage.objects.filter(camera=camera).count() == 1
