"""The availability roll-up: one SQL statement per day materialises every camera's day.

Definitions (the raw events are kept, so another definition can be recomputed):
- events are ordered by the platform's event time (then arrival); a repeat of the status in force
  is no change (gaps and islands: LAG), so each run of one status lasts until the next change (LEAD);
- an OFF run shorter than CAMERAS_OFFLINE_GRACE_SECONDS that is followed by another status is a
  missed heartbeat: counted as online (ON);
- time registered runs from the camera's registration (or the day's start) to the day's end (or
  now); registered time before the first known status counts as offline;
- online (在线) = ON + video lost + defect; in working order (完好) = ON only.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction


def day_bounds(day: date) -> tuple[int, int]:
    """The local day's start and end in epoch seconds."""
    tz = ZoneInfo(settings.TIME_ZONE)
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    nxt = day + timedelta(days=1)
    end = datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz)
    return int(start.timestamp()), int(end.timestamp())


def local_day(epoch: float) -> date:
    return datetime.fromtimestamp(epoch, ZoneInfo(settings.TIME_ZONE)).date()


_SQL = """
WITH seed AS (
    SELECT e.camera_id, e.at, e.id, e.status
    FROM cameras_camera c
    JOIN cameras_statusevent e ON e.id = (
        SELECT x.id FROM cameras_statusevent x
        WHERE x.camera_id = c.id AND x.at < %(ws)s
        ORDER BY x.at DESC, x.id DESC LIMIT 1
    )
    WHERE c.is_active = %(true)s AND c.registered_ts < %(hi)s
),
w AS (
    SELECT camera_id, at, id, status FROM seed
    UNION ALL
    SELECT camera_id, at, id, status FROM cameras_statusevent WHERE at >= %(ws)s AND at < %(we)s
),
ch AS (
    SELECT camera_id, at, id, status,
           LAG(status) OVER (PARTITION BY camera_id ORDER BY at, id) AS prev
    FROM w
),
runs AS (
    SELECT camera_id, at AS s, status,
           COALESCE(LEAD(at) OVER (PARTITION BY camera_id ORDER BY at, id), %(we)s) AS e
    FROM ch WHERE prev IS NULL OR prev <> status
),
clipped AS (
    SELECT r.camera_id, r.s, r.e, c.registered_ts AS reg,
           CASE WHEN r.status = 'off' AND r.e - r.s < %(grace)s THEN 'on' ELSE r.status END AS st
    FROM runs r JOIN cameras_camera c ON c.id = r.camera_id
),
agg AS (
    SELECT camera_id,
           SUM(CASE WHEN st <> 'off' THEN d ELSE 0 END) AS online_s,
           SUM(CASE WHEN st = 'on' THEN d ELSE 0 END) AS ok_s,
           SUM(CASE WHEN st = 'vlost' THEN d ELSE 0 END) AS vlost_s,
           SUM(CASE WHEN st = 'defect' THEN d ELSE 0 END) AS defect_s
    FROM (
        SELECT camera_id, st,
               (CASE WHEN e < %(hi)s THEN e ELSE %(hi)s END)
               - (CASE WHEN s > reg THEN (CASE WHEN s > %(lo)s THEN s ELSE %(lo)s END)
                       ELSE (CASE WHEN reg > %(lo)s THEN reg ELSE %(lo)s END) END) AS d
        FROM clipped
    ) z
    WHERE d > 0
    GROUP BY camera_id
)
SELECT c.id, %(day)s,
       %(hi)s - (CASE WHEN c.registered_ts > %(lo)s THEN c.registered_ts ELSE %(lo)s END),
       COALESCE(a.online_s, 0), COALESCE(a.ok_s, 0), COALESCE(a.vlost_s, 0), COALESCE(a.defect_s, 0)
FROM cameras_camera c LEFT JOIN agg a ON a.camera_id = c.id
WHERE c.is_active = %(true)s AND c.registered_ts < %(hi)s
"""


def rollup_day(day: date, *, now: float | None = None) -> int:
    """Materialise every active camera's `day` (a day in progress up to `now`); returns the rows
    written. Idempotent: the day's rows are replaced in one transaction."""
    now = time.time() if now is None else now
    lo, end = day_bounds(day)
    hi = min(end, int(now))
    from jingwang.cameras.models import CameraDay

    if hi <= lo:
        return 0
    grace = int(settings.CAMERAS_OFFLINE_GRACE_SECONDS)
    params: dict[str, Any] = {
        "ws": lo - grace,
        "we": min(end + grace, int(now)),
        "lo": lo,
        "hi": hi,
        "grace": grace,
        "day": day,
        "true": True,
    }
    insert = "INSERT INTO cameras_cameraday (camera_id, day, registered_s, online_s, ok_s, vlost_s, defect_s) " + _SQL
    with transaction.atomic():
        CameraDay.objects.filter(day=day).delete()
        with connection.cursor() as cursor:
            cursor.execute(insert, params)
            return int(cursor.rowcount)
