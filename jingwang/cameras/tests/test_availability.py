"""Availability from a synthetic status stream (repeats, out-of-order events, a missed
heartbeat), computed independently second by second in plain Python, matches the roll-up's
figures to the second."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import override_settings

from jingwang.cameras.models import Camera, CameraDay
from jingwang.cameras.rollup import day_bounds, rollup_day
from jingwang.cameras.services import EventIn, status_ingest
from jingwang.cameras.tests.fixtures import TZ, new_camera
from jingwang.testing import World

DAY = date(2026, 6, 10)
GRACE = 180


def at(hh: int, mm: int = 0, ss: int = 0, day: date = DAY) -> int:
    return int(datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=TZ).timestamp())


def reference(events: list[tuple[int, str]], registered: int, day: date, grace: int, now: int) -> dict[str, int]:
    """Second by second: the status in force is the latest event's at or before that second; an
    OFF stretch shorter than `grace` that something else ends is online; seconds before any
    status, or before registration, are not online."""
    lo, end = day_bounds(day)
    hi = min(end, now)
    horizon = min(end + grace, now)
    ordered = sorted(set(events), key=lambda e: e[0])  # repeats once; no two statuses share a second
    start = min([lo, *[t for t, _ in ordered]])
    state: list[str | None] = []
    current: str | None = None
    k = 0
    for t in range(start, horizon):
        while k < len(ordered) and ordered[k][0] <= t:
            current = ordered[k][1]
            k += 1
        state.append(current)
    # Forgive the short OFF stretches that end before the horizon.
    i = 0
    while i < len(state):
        if state[i] == "off":
            j = i
            while j < len(state) and state[j] == "off":
                j += 1
            if j < len(state) and j - i < grace:
                for x in range(i, j):
                    state[x] = "on"
            i = j
        else:
            i += 1
    out = {"registered_s": 0, "online_s": 0, "ok_s": 0, "vlost_s": 0, "defect_s": 0}
    for t in range(max(lo, registered), hi):
        s = state[t - start]
        out["registered_s"] += 1
        if s in ("on", "vlost", "defect"):
            out["online_s"] += 1
        if s == "on":
            out["ok_s"] += 1
        if s == "vlost":
            out["vlost_s"] += 1
        if s == "defect":
            out["defect_s"] += 1
    return out


def send(world: World, camera: Camera, events: list[tuple[int, str]], seed: int) -> None:
    """Send the events with repeats, shuffled, in three batches, as the platform might."""
    rnd = random.Random(seed)
    stream = list(events) + rnd.sample(events, k=min(len(events), 5))
    rnd.shuffle(stream)
    third = len(stream) // 3 + 1
    for i in range(0, len(stream), third):
        batch = [EventIn(camera.gb_id, s.upper(), t) for t, s in stream[i : i + third]]
        status_ingest(by=world.leader, events=batch)


def figures(camera: Camera, day: date) -> dict[str, int]:
    row = CameraDay.objects.get(camera=camera, day=day)
    return {k: getattr(row, k) for k in ("registered_s", "online_s", "ok_s", "vlost_s", "defect_s")}


@override_settings(CAMERAS_OFFLINE_GRACE_SECONDS=GRACE)
def test_the_roll_up_matches_a_second_by_second_reference_with_repeats_disorder_and_a_missed_heartbeat(
    world: World,
) -> None:
    prev = DAY - timedelta(days=1)
    one = new_camera(world, name="一号", registered_at=datetime(2026, 6, 1, tzinfo=TZ))
    one_events = [
        (at(23, 0, day=prev), "on"),
        (at(1, 0), "off"),  # one missed heartbeat: 90 s, then back
        (at(1, 1, 30), "on"),
        (at(2, 0), "on"),  # a repeat of the status in force, later
        (at(3, 0), "off"),  # a real outage of two hours, reported twice
        (at(3, 0, 40), "off"),
        (at(5, 0), "on"),
        (at(6, 0), "vlost"),
        (at(6, 30), "on"),
        (at(8, 0), "defect"),
        (at(8, 10), "on"),
        (at(12, 0), "off"),  # exactly the grace: an outage
        (at(12, 3), "on"),
        (at(23, 58), "off"),  # still off at midnight and after
    ]
    two = new_camera(world, name="二号", registered_at=datetime(2026, 6, 10, 12, 0, tzinfo=TZ))
    two_events = [
        (at(12, 5), "on"),
        (at(18, 0), "off"),
        (at(18, 2, 59), "on"),  # 179 s: forgiven
        (at(20, 0), "off"),
        (at(20, 3, 0), "vlost"),  # 180 s: counted
        (at(21, 0), "on"),
    ]
    send(world, one, one_events, 1)
    send(world, two, two_events, 2)
    now = at(12, 0, day=DAY + timedelta(days=1))

    assert rollup_day(DAY, now=now) == 2

    assert figures(one, DAY) == reference(one_events, one.registered_ts, DAY, GRACE, now)
    assert figures(two, DAY) == reference(two_events, two.registered_ts, DAY, GRACE, now)
    # The figures by hand, so that the reference itself is checked: 2 h + 180 s + 2 min offline
    # and before midnight; 30 min video lost; 10 min defect.
    assert figures(one, DAY)["registered_s"] == 86400
    assert figures(one, DAY)["online_s"] == 86400 - 7200 - 180 - 120
    assert figures(one, DAY)["ok_s"] == 86400 - 7200 - 180 - 120 - 1800 - 600
    assert figures(two, DAY) == {
        "registered_s": 43200,
        "online_s": 43200 - 300 - 180,
        "ok_s": 43200 - 300 - 180 - 3420,
        "vlost_s": 3420,
        "defect_s": 0,
    }


@pytest.mark.parametrize("seed", [3, 4, 5])
@override_settings(CAMERAS_OFFLINE_GRACE_SECONDS=GRACE)
def test_random_streams_match_the_reference_for_a_complete_day_and_a_day_in_progress(world: World, seed: int) -> None:
    rnd = random.Random(seed)
    lo, end = day_bounds(DAY)
    cams: list[tuple[Camera, list[tuple[int, str]]]] = []
    for n in range(3):
        registered = lo - 86400 if n != 1 else lo + rnd.randrange(0, 40000)
        camera = new_camera(world, name=f"随机{n}", registered_at=datetime.fromtimestamp(registered, TZ))
        times = sorted(rnd.sample(range(lo - 3000, end + 600), 120))
        events = [(t, rnd.choice(["on", "on", "off", "off", "vlost", "defect"])) for t in times]
        # Short gaps: an OFF followed shortly by an ON, some under the grace and some over.
        for _ in range(10):
            t = rnd.randrange(lo, end - 400)
            if all(abs(t - x) > 400 for x, _ in events):
                events += [(t, "off"), (t + rnd.randrange(30, 330), "on")]
        send(world, camera, events, seed * 10 + n)
        cams.append((camera, events))
    for now in (end + 3600, lo + 50_000):
        rollup_day(DAY, now=now)
        for camera, events in cams:
            expected = reference(events, camera.registered_ts, DAY, GRACE, now)
            if expected["registered_s"] == 0:
                assert not CameraDay.objects.filter(camera=camera, day=DAY).exists()
            else:
                assert figures(camera, DAY) == expected, (camera.name, now)


def test_rolling_up_a_day_again_replaces_its_rows(world: World) -> None:
    camera = new_camera(world)
    status_ingest(by=world.leader, events=[EventIn(camera.gb_id, "ON", at(0, 0))])
    now = at(0, 0, day=DAY + timedelta(days=2))
    rollup_day(DAY, now=now)
    status_ingest(by=world.leader, events=[EventIn(camera.gb_id, "OFF", at(12, 0))])  # late event
    rollup_day(DAY, now=now)
    row: Any = CameraDay.objects.get(camera=camera, day=DAY)
    assert (row.online_s, CameraDay.objects.filter(day=DAY).count()) == (43200, 1)
