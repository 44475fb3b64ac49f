"""One engine for every declared figure: per day and grid, rolled up the territory trees per month.

- `refresh(start, end)`: recompute the daily rows of the days in [start, end] from the raw records
  (one grouped query per figure), then roll the months they touch up both trees (a grid counts
  under each of its ancestors in the administrative tree and in the police tree). The nightly job
  refreshes the last `REFRESH_DAYS` (a record's state changes after its day: a dispute is resolved
  weeks after it was reported); the dashboard's button refreshes today.
- `read(node, keys, months)`: the monthly parts of a node (one indexed query, whatever the size).
- `recompute(figure, node, start, end)`: the same figure straight from the raw rows of the grids
  under the node, without the tables: what the tables must match (`jingwang figures verify`).

The territory a figure is rolled up along is the tree as it stands at the roll-up (the report date):
a grid moved to another district counts there from the next refresh, for every month refreshed.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import models, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from jingwang.core.access import under_any
from jingwang.core.tree import ancestor_paths
from jingwang.figures.declare import AVERAGE_DAYS, COUNT, RATIO, SUM, Figure, declared, get, resolve_q
from jingwang.figures.models import FigureDaily, FigureMonthly
from jingwang.territory.models import Node

REFRESH_DAYS = 400  # covers the same month last year (同比) for the month shown
Key = tuple[date, int, str]


# -- periods ------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


@dataclass(frozen=True)
class Period:
    """Calendar months [first, first + months): a month, a quarter or a year."""

    first: date
    months: int = 1

    @property
    def start(self) -> date:
        return self.first

    @property
    def end(self) -> date:
        return month_end(add_months(self.first, self.months - 1))

    def month_list(self) -> list[date]:
        return [add_months(self.first, i) for i in range(self.months)]

    def previous(self) -> Period:
        """环比: the period of the same length just before."""
        return Period(add_months(self.first, -self.months), self.months)

    def last_year(self) -> Period:
        """同比: the same months a year earlier."""
        return Period(add_months(self.first, -12), self.months)


def last_complete_month(today: date | None = None) -> date:
    return add_months(month_start(today or timezone.localdate()), -1)


# -- computing from the raw rows ----------------------------------------------------------------


def _is_datetime(fig: Figure) -> bool:
    model = fig.model_class()
    target: Any = model
    parts = fig.date_field.split("__")
    for part in parts[:-1]:
        target = target._meta.get_field(part).related_model
    return isinstance(target._meta.get_field(parts[-1]), models.DateTimeField)


def _day_bounds(fig: Figure, start: date, end: date) -> Q:
    lookup = f"{fig.date_field}__date" if _is_datetime(fig) else fig.date_field
    return Q(**{f"{lookup}__gte": start, f"{lookup}__lte": end})


def raw_rows(fig: Figure, start: date, end: date, grid_ids: Iterable[int] | None = None) -> Any:
    """The figure's records whose day falls in [start, end] (optionally on these grids only)."""
    qs = fig.model_class()._default_manager.filter(_day_bounds(fig, start, end)).filter(resolve_q(fig.where))
    qs = qs.exclude(**{f"{fig.grid}__isnull": True})
    if grid_ids is not None:
        qs = qs.filter(**{f"{fig.grid}__in": list(grid_ids)})
    return qs


def compute(fig: Figure, start: date, end: date, grid_ids: Iterable[int] | None = None) -> dict[Key, list[float]]:
    """(day, grid id, category) -> [numerator, denominator], from the raw rows, in one query."""
    qs = raw_rows(fig, start, end, grid_ids)
    day = TruncDate(fig.date_field) if _is_datetime(fig) else F(fig.date_field)
    qs = qs.annotate(_day=day, _grid=F(fig.grid), _cat=F(fig.category) if fig.category else models.Value(""))
    m = fig.measure
    out: dict[Key, list[float]] = defaultdict(lambda: [0.0, 0.0])
    if m.kind == AVERAGE_DAYS:
        # Durations are added in Python: date arithmetic differs between the databases.
        rows = qs.exclude(**{f"{m.end}__isnull": True}).values_list("_day", "_grid", "_cat", m.start, m.end)
        for d, g, c, a, b in rows.iterator(chunk_size=5000):
            if isinstance(a, datetime) and isinstance(b, datetime):
                days = (b - a).total_seconds() / 86400
            else:
                days = float((b - a).days)
            part = out[(d, g, str(c or ""))]
            part[0] += days
            part[1] += 1
        return dict(out)
    grouped = qs.values("_day", "_grid", "_cat")
    if m.kind == COUNT:
        agg = grouped.annotate(n=Count("pk"), d=models.Value(0))
    elif m.kind == SUM:
        agg = grouped.annotate(n=Sum(m.field), d=models.Value(0))
    elif m.kind == RATIO:
        agg = grouped.annotate(
            n=Count("pk", filter=resolve_q(m.numerator)), d=Count("pk", filter=resolve_q(m.denominator))
        )
    else:  # pragma: no cover - declare.py offers no other measure
        raise ValueError(m.kind)
    for row in agg.order_by():
        part = out[(row["_day"], row["_grid"], str(row["_cat"] or ""))]
        part[0] += float(row["n"] or 0)
        part[1] += float(row["d"] or 0)
    return dict(out)


def recompute(fig: Figure, node: Node, start: date, end: date) -> tuple[float, float]:
    """The figure's parts over the grids under `node` for [start, end], from the raw rows alone."""
    grids = Node.objects.filter(under_any("path", "police_path", [node.path])).values_list("id", flat=True)
    num = den = 0.0
    for n, d in compute(fig, start, end, grids).values():
        num += n
        den += d
    return num, den


# -- materialising ------------------------------------------------------------------------------


def _figures(keys: Iterable[str] | None) -> list[Figure]:
    if keys is None:
        return declared()
    out = []
    for k in keys:
        fig = get(k)
        if fig is None:
            raise KeyError(k)
        out.append(fig)
    return out


def _ancestors() -> dict[int, list[int]]:
    """node id -> the ids of the node and of every node above it in both trees (records sit on
    grids mostly; a check may sit on the checker's police district)."""
    nodes = list(Node.objects.values_list("id", "path", "police_path"))
    ids = {path: pk for pk, path, _ in nodes}
    out: dict[int, list[int]] = {}
    for pk, path, police_path in nodes:
        chain = {pk}
        for p in ancestor_paths(path):
            if p in ids:
                chain.add(ids[p])
        if police_path:
            for p in [*ancestor_paths(police_path), police_path]:
                if p in ids:
                    chain.add(ids[p])
        out[pk] = sorted(chain)
    return out


def refresh(start: date, end: date, keys: Iterable[str] | None = None) -> int:
    """Recompute the daily rows of [start, end] and roll up the months they touch; returns rows."""
    written = 0
    figures = _figures(keys)
    for fig in figures:
        parts = compute(fig, start, end)
        rows = [
            FigureDaily(figure=fig.key, day=d, grid_id=g, category=c, numerator=n, denominator=den)
            for (d, g, c), (n, den) in parts.items()
        ]
        with transaction.atomic():
            FigureDaily.objects.filter(figure=fig.key, day__gte=start, day__lte=end).delete()
            FigureDaily.objects.bulk_create(rows, batch_size=2000)
        written += len(rows)
    months = []
    m = month_start(start)
    while m <= end:
        months.append(m)
        m = add_months(m, 1)
    rollup([f.key for f in figures], months)
    return written


def rollup(keys: list[str], months: list[date]) -> int:
    """Rebuild the monthly rows of these figures and months from the daily rows."""
    chains = _ancestors()
    written = 0
    for month in months:
        for key in keys:
            acc: dict[tuple[int, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
            daily = (
                FigureDaily.objects.filter(figure=key, day__gte=month, day__lte=month_end(month))
                .values("grid_id", "category")
                .annotate(n=Sum("numerator"), d=Sum("denominator"))
                .order_by()
            )
            for row in daily:
                for node_id in chains.get(row["grid_id"], [row["grid_id"]]):
                    part = acc[(node_id, row["category"])]
                    part[0] += row["n"] or 0
                    part[1] += row["d"] or 0
            rows = [
                FigureMonthly(figure=key, month=month, node_id=n, category=c, numerator=v[0], denominator=v[1])
                for (n, c), v in acc.items()
            ]
            with transaction.atomic():
                FigureMonthly.objects.filter(figure=key, month=month).delete()
                FigureMonthly.objects.bulk_create(rows, batch_size=2000)
            written += len(rows)
    return written


def refresh_recent(today: date | None = None, days: int = REFRESH_DAYS) -> int:
    """The nightly job: the last `days` days, today included."""
    today = today or timezone.localdate()
    return refresh(today - timedelta(days=days), today)


# -- reading ------------------------------------------------------------------------------------

Parts = dict[tuple[str, date], tuple[float, float]]


def read(node_ids: Iterable[int], keys: Iterable[str], months: Iterable[date]) -> dict[int, Parts]:
    """node id -> (figure, month) -> (numerator, denominator), categories added together."""
    out: dict[int, Parts] = defaultdict(dict)
    rows = (
        FigureMonthly.objects.filter(node_id__in=list(node_ids), figure__in=list(keys), month__in=list(months))
        .values("node_id", "figure", "month")
        .annotate(n=Sum("numerator"), d=Sum("denominator"))
        .order_by()
    )
    for r in rows:
        out[r["node_id"]][(r["figure"], r["month"])] = (r["n"] or 0.0, r["d"] or 0.0)
    return out


def read_categories(node_id: int, key: str, months: Iterable[date]) -> dict[str, tuple[float, float]]:
    out: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in FigureMonthly.objects.filter(node_id=node_id, figure=key, month__in=list(months)).values(
        "category", "numerator", "denominator"
    ):
        out[r["category"]][0] += r["numerator"]
        out[r["category"]][1] += r["denominator"]
    return {k: (v[0], v[1]) for k, v in out.items()}


def parts_for(parts: Parts, key: str, period: Period) -> tuple[float, float]:
    num = den = 0.0
    for m in period.month_list():
        n, d = parts.get((key, m), (0.0, 0.0))
        num += n
        den += d
    return num, den


def figure_values(figure_key: str, nodes: Iterable[Node | int], period: Period | date) -> dict[int, float | None]:
    """{node id: value} of one figure for a period (a Period, or a month given by any of its days):
    what the map colours boundaries by. A node without records counts 0 (a ratio: None)."""
    fig = get(figure_key)
    if fig is None:
        raise KeyError(figure_key)
    if not isinstance(period, Period):
        period = Period(month_start(period))
    ids = [n.pk if isinstance(n, Node) else int(n) for n in nodes]
    data = read(ids, [figure_key], period.month_list())
    return {i: fig.value(*parts_for(data.get(i, {}), figure_key, period)) for i in ids}


# -- comparing ----------------------------------------------------------------------------------

NEW = "new"


def change(current: float | None, base: float | None) -> float | str | None:
    """(current − base) / base in percent; a zero base with something now is "new", never infinite;
    nothing either side is None (shown as a dash)."""
    if current is None or base is None:
        return None
    if base == 0:
        return NEW if current else None
    return 100.0 * (current - base) / base
