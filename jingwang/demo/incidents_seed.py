"""A year and a half of synthetic incidents (警情) across the demo city's grids, so that year-on-year
(同比) and month-on-month (环比) figures show; recorded through `record_incidents` like an import.

Places are drawn from the registry's standard addresses (written as a dispatcher types them: the
province dropped, full-width digits, the city left out), from coordinates inside a grid (a road
junction), and about one in a hundred from a place that names no address and has no coordinates (on
a bus). Preventable crimes fall by about a fifth year on year; burglaries happen at houses, with a
victim of the household. Every name, ID number and phone is invented."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.utils import timezone
from shapely.geometry import Point, shape

from jingwang.core import identity
from jingwang.demo import synthetic
from jingwang.incidents.catalogue import ensure_categories
from jingwang.incidents.models import IncidentCategory
from jingwang.incidents.services import RecordResult, record_incidents
from jingwang.registry.models import Address
from jingwang.territory.models import Node, NodeKind

MONTHS = 18
PER_GRID_MONTH = 2.2  # incidents per grid per month, on average
# category code, weight, share of rows with a victim (return visits need one)
CATEGORIES: list[tuple[str, float, float]] = [
    ("0101", 6, 1.0), ("0102", 8, 0.9), ("0103", 7, 1.0), ("0104", 1, 1.0), ("0105", 3, 1.0), ("0106", 1, 1.0),
    ("0107", 2, 1.0), ("0199", 2, 0.5), ("0201", 6, 0.3), ("0202", 1, 0), ("0203", 1, 0.3), ("0204", 2, 0.8),
    ("0299", 3, 0), ("0301", 10, 0.5), ("0302", 3, 0), ("0401", 8, 0), ("0402", 5, 0), ("0403", 3, 0),
    ("0404", 3, 0), ("0501", 8, 0), ("0502", 2, 0), ("0503", 5, 0), ("0504", 4, 0), ("0601", 3, 0), ("0602", 3, 0),
]  # fmt: skip
PREVENTABLE = {"0101", "0102", "0103", "0104", "0105", "0106", "0204"}
AT_HOME = {"0101", "0401", "0402", "0503"}  # happen at a house: the place is a standard address
OUTCOMES = {
    "criminal": ["已受案侦查", "已立为刑事案件", "移交刑侦大队"],
    "other": ["现场处置完毕", "现场调解成功", "已处理", "移交相关部门处理", "无需处理"],
}
NOWHERE = ["某公交车上", "地铁车厢内", "网络（线上）", "途经车辆上"]
JUNCTIONS = ["路口", "公交站台", "地下通道", "停车场"]


def _variant(rng: random.Random, canonical: str) -> str:
    """The standard text as a dispatcher might type it."""
    text = canonical
    roll = rng.random()
    if roll < 0.3:
        text = text.removeprefix("江苏省")
    elif roll < 0.45:
        text = text.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    return text


def _point_in(rng: random.Random, boundary: object) -> tuple[float, float]:
    geom = shape(boundary)  # type: ignore[arg-type]
    west, south, east, north = geom.bounds
    for _ in range(100):
        lon, lat = rng.uniform(west, east), rng.uniform(south, north)
        if geom.contains(Point(lon, lat)):
            return round(lon, 6), round(lat, 6)
    c = geom.representative_point()
    return round(c.x, 6), round(c.y, 6)


def incident_rows(
    *, months: int = MONTHS, per_grid_month: float = PER_GRID_MONTH, seed: int = 1
) -> Iterator[dict[str, object]]:
    """The demo's incident rows, as an import file would give them (deterministic for a seed)."""
    rng = random.Random(seed)
    grids = list(Node.objects.filter(kind=NodeKind.GRID, boundary__isnull=False).order_by("code"))
    addresses: dict[int, list[str]] = {}
    for grid_id, canonical in Address.objects.filter(is_active=True).values_list("grid_id", "canonical"):
        addresses.setdefault(grid_id, []).append(canonical)
    now = timezone.localtime()
    start = (now.replace(day=1, hour=0, minute=0, second=0, microsecond=0) - timedelta(days=31 * (months - 1))).replace(
        day=1
    )
    codes = [c for c, _w, _v in CATEGORIES]
    weights = [w for _c, w, _v in CATEGORIES]
    victims = {c: v for c, _w, v in CATEGORIES}
    seq = 0
    month = start
    while month <= now:
        next_month = (month + timedelta(days=32)).replace(day=1)
        elapsed = (month - start).days / 365
        for grid in grids:
            count = _poisson(rng, per_grid_month)
            for _ in range(count):
                code = rng.choices(codes, weights)[0]
                if code in PREVENTABLE and rng.random() < 0.2 * elapsed:
                    continue  # prevention works: a fifth fewer a year later
                end = min(next_month, now)
                when = month + timedelta(seconds=rng.randrange(max(int((end - month).total_seconds()), 1)))
                seq += 1
                yield _row(rng, seq, code, when, grid, addresses.get(grid.pk, []), victims[code])
        month = next_month


def _poisson(rng: random.Random, mean: float) -> int:
    count, limit, product = 0, pow(2.718281828, -mean), rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _row(
    rng: random.Random, seq: int, code: str, when: datetime, grid: Node, places: list[str], victim_share: float
) -> dict[str, object]:
    row: dict[str, object] = {
        "number": f"J{when:%Y%m%d}{seq:06d}",
        "occurred_at": when.strftime("%Y-%m-%d %H:%M:%S"),
        "reported_at": (when + timedelta(minutes=rng.randrange(2, 40))).strftime("%Y-%m-%d %H:%M:%S"),
        "category": code,
        "caller_name": synthetic.person_name(rng, rng.random() < 0.5),
        "caller_phone": synthetic.phone(rng),
        "summary": "",
    }
    roll = rng.random()
    if roll < 0.01:
        row["place"] = rng.choice(NOWHERE)  # names no address, has no coordinates: not addressable
    elif places and (code in AT_HOME or roll < 0.75):
        row["place"] = _variant(rng, rng.choice(places))
    else:
        lon, lat = _point_in(rng, grid.boundary)
        row["place"] = f"{grid.name}附近{rng.choice(JUNCTIONS)}"
        row["lon"], row["lat"] = lon, lat
    kind = "criminal" if code.startswith("01") else "other"
    row["outcome"] = rng.choice(OUTCOMES[kind])
    if rng.random() < victim_share:
        row["victim_name"] = synthetic.person_name(rng, rng.random() < 0.5)
        row["victim_id_number"] = identity.synthetic_id_number("320106", rng=rng)
        row["victim_phone"] = synthetic.phone(rng)
    return row


def seed_incidents(*, months: int = MONTHS, per_grid_month: float = PER_GRID_MONTH, seed: int = 1) -> RecordResult:
    """Record the demo's incidents (a second run adds nothing: incidents are found by number)."""
    ensure_categories(IncidentCategory)  # the code table, should a flushed database have lost it
    return record_incidents(incident_rows(months=months, per_grid_month=per_grid_month, seed=seed), by=None)
