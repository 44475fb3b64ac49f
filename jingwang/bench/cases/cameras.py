"""Cameras (issue 12): status ingest from the video platform (events/s), and a day's availability
roll-up for 10,000 cameras fed one event a minute (14.4M events; 1,000 cameras on SQLite)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from jingwang.accounts.services import user_create
from jingwang.bench.cases.registry import COUNTY, district_grids, scratch_table
from jingwang.bench.harness import Case, Target, register
from jingwang.cameras.models import Camera, CameraDay, StatusEvent
from jingwang.cameras.rollup import day_bounds, rollup_day
from jingwang.cameras.services import EventIn, status_ingest
from jingwang.core.roles import Role
from jingwang.territory.models import Node, NodeKind

DAY = date(2026, 6, 10)
FEED = "bench_camera_feed"


def _cameras(ctx: Any, count: int) -> list[Camera]:
    """`count` cameras spread over the bench district's grids (made once, reused by both cases)."""
    have = list(Camera.objects.order_by("pk")[:count])
    if len(have) >= count:
        return have
    grids = district_grids(ctx)
    lo, _end = day_bounds(DAY)
    registered = datetime.fromtimestamp(lo - 86400, ZoneInfo("Asia/Shanghai"))
    start = len(have)
    Camera.objects.bulk_create(
        [
            Camera(
                gb_id=f"33010600{'00'}1325{i:06d}",
                name=f"摄像机{i}",
                type_code="132",
                centre_code="33010600",
                industry_code="00",
                network_code="5",
                grid=grids[i % len(grids)],
                registered_at=registered,
                registered_ts=lo - 86400,
            )
            for i in range(start, count)
        ],
        batch_size=5000,
    )
    return list(Camera.objects.order_by("pk")[:count])


def _feed() -> Any:
    from jingwang.accounts.models import User

    user = User.objects.filter(username=FEED).first()
    if user is None:
        bureau = Node.objects.get(kind=NodeKind.BUREAU, code=COUNTY)
        user = user_create(
            by=None,
            username=FEED,
            display_name="视频平台",
            password="Qx7!mV2#pL9wZr4t",
            role=Role.BUREAU_COMMANDER,
            scopes=[bureau],
        )
    return user


@register("cameras.ingest", "status events from the video platform (events/s) vs a bare multi-row INSERT")
class CameraIngestCase(Case):
    """Measured: `status_ingest` (the API's service: statuses read, cameras looked up within the
    feed account's scope, rows inserted with repeats ignored) of 20 batches of 1,000 events over
    2,000 cameras, each batch in its own transaction as the API does it. Baseline: the same rows
    as a bare multi-row INSERT (executemany) into an empty copy of the events table, same batches."""

    unit = "ops/s"
    repeats = 7
    quick_repeats = 3
    warmup = 1
    batch = 1000

    def setup(self) -> None:
        self.cameras = _cameras(self.ctx, self.ctx.size(2000, minimum=100))
        self.user = _feed()
        self.batches = self.ctx.size(20, minimum=2)
        self.size = self.batches * self.batch
        self.scratch = scratch_table(StatusEvent)
        self.target = Target("rate", 2000, at_most=False, label="≥ 2,000 events/s")
        self.base = day_bounds(DAY)[0]
        self.notes.append(f"{self.size:,} events a call, {len(self.cameras):,} cameras, batches of {self.batch:,}")

    def _events(self, i: int) -> list[tuple[str, str, int]]:
        statuses = ("ON", "OFF", "ON", "VLOST", "ON", "DEFECT")
        n = len(self.cameras)
        return [
            (self.cameras[k % n].gb_id, statuses[k % 6], self.base + i * 100_000 + k // n) for k in range(self.size)
        ]

    def prepare(self, i: int, baseline: bool) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.scratch}" if baseline else "DELETE FROM cameras_statusevent")
        self.events = self._events(i)

    def measured(self, i: int) -> int:
        for start in range(0, self.size, self.batch):
            chunk = [EventIn(d, s, t) for d, s, t in self.events[start : start + self.batch]]
            result = status_ingest(by=self.user, events=chunk)
            if result.stored != len(chunk):
                raise AssertionError(f"ingest stored {result.stored} of {len(chunk)}")
        return self.size

    def baseline(self, i: int) -> int:
        ids = {c.gb_id: c.pk for c in self.cameras}
        for start in range(0, self.size, self.batch):
            rows = [(ids[d], t, s.lower()) for d, s, t in self.events[start : start + self.batch]]
            with transaction.atomic(), connection.cursor() as cursor:
                values = ", ".join(["(%s, %s, %s, CURRENT_TIMESTAMP)"] * len(rows))
                flat = [v for row in rows for v in row]
                cursor.execute(f"INSERT INTO {self.scratch} (camera_id, at, status, received_at) VALUES {values}", flat)
        return self.size

    def teardown(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM cameras_statusevent")
            cursor.execute(f"DROP TABLE IF EXISTS {self.scratch}")


@register("cameras.rollup", "a day's availability roll-up, one event per camera per minute (s) vs a bare SQL aggregate")
class CameraRollupCase(Case):
    """Measured: `rollup_day` for a complete day: LAG/LEAD over each camera's events ordered by
    time, runs debounced, clipped to the day and registration, summed per camera and written to
    `cameras_cameraday` (the day's old rows replaced). Events: one per camera per minute for the
    day (PostgreSQL 10,000 cameras = 14.4M events, SQLite 1,000 = 1.44M), generated in SQL
    (generate_series / a recursive CTE), mostly ON with OFF, video lost and defect runs.
    Baseline: a bare SQL aggregate over the same events (GROUP BY camera, a count per status)."""

    unit = "s"
    repeats = 3
    quick_repeats = 1
    warmup = 0

    def setup(self) -> None:
        full = 10_000 if connection.vendor == "postgresql" else 1_000
        _cameras(self.ctx, self.ctx.size(full, minimum=20))
        self.cameras = list(Camera.objects.order_by("pk"))  # all of them: the roll-up takes every camera
        count = len(self.cameras)
        first, last = self.cameras[0].pk, self.cameras[-1].pk
        lo, end = day_bounds(DAY)
        self.lo, self.end = lo, end
        self.ctx.log(f"cameras.rollup: generating {count * 1440:,} events for {count:,} cameras")
        status = (
            "CASE WHEN (m + c.id) %% 97 < 3 THEN 'off' WHEN (m + c.id) %% 211 < 4 THEN 'vlost' "
            "WHEN (m * 7 + c.id) %% 503 < 5 THEN 'defect' ELSE 'on' END"
        )
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM cameras_statusevent")
            if connection.vendor == "postgresql":
                cursor.execute(
                    "INSERT INTO cameras_statusevent (camera_id, at, status, received_at) "
                    f"SELECT c.id, %s + m * 60, {status}, now() FROM cameras_camera c "
                    "CROSS JOIN generate_series(0, 1439) AS m WHERE c.id BETWEEN %s AND %s",
                    [lo, first, last],
                )
                cursor.execute("ANALYZE cameras_statusevent")
            else:
                cursor.execute(
                    "WITH RECURSIVE mm(m) AS (SELECT 0 UNION ALL SELECT m + 1 FROM mm WHERE m < 1439) "
                    "INSERT INTO cameras_statusevent (camera_id, at, status, received_at) "
                    f"SELECT c.id, %s + m * 60, {status}, CURRENT_TIMESTAMP FROM cameras_camera c, mm "
                    "WHERE c.id BETWEEN %s AND %s",
                    [lo, first, last],
                )
                cursor.execute("ANALYZE")
            cursor.execute("SELECT COUNT(*) FROM cameras_statusevent")
            self.events = int(cursor.fetchone()[0])
        self.size = 1
        self.target = Target("seconds", 60.0, at_most=True, label="≤ 60 s a day")
        self.notes.append(f"{count:,} cameras, {self.events:,} events in the day")

    def measured(self, i: int) -> int:
        written = rollup_day(DAY, now=self.end + 86400)
        if written != len(self.cameras):
            raise AssertionError(f"roll-up wrote {written} rows for {len(self.cameras)} cameras")
        return 1

    def baseline(self, i: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT camera_id, COUNT(*), SUM(CASE WHEN status = 'on' THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN status = 'off' THEN 1 ELSE 0 END) FROM cameras_statusevent "
                "WHERE at >= %s AND at < %s GROUP BY camera_id",
                [self.lo, self.end],
            )
            rows = cursor.fetchall()
        if len(rows) != len(self.cameras):
            raise AssertionError("baseline missed cameras")
        return 1

    def teardown(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM cameras_statusevent")
        CameraDay.objects.all().delete()
