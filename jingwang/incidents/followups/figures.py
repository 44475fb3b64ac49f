"""Incident figures of a territory node and period, from the raw incidents: counts by category,
同比 (the same period a year earlier) and 环比 (the previous period of equal length), preventable
cases per 10,000 residents, communities with zero incidents (零发案) and the grids with most.

Pages that the figures engine (issue 15) will take over: everything here is read through
`incident_figures`, which takes the viewer and only counts incidents in the viewer's scope."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, QuerySet, Sum, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.core.access import scope_grants
from jingwang.core.errors import NotFound
from jingwang.core.types import Viewer
from jingwang.incidents.models import Incident, IncidentCategory, IncidentTally
from jingwang.registry.models import Person
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.scope import node_in_scope, visible_node_ids
from jingwang.territory.selectors import access_node_by_ref, grids_in_scope, grids_under

TOP_GRIDS = 10
PER = 10_000


@dataclass(frozen=True)
class Period:
    """A run of whole days, both ends included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """环比's base: the period of equal length just before."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def last_year(self) -> Period:
        """同比's base: the same dates a year earlier (29 February becomes the 28th)."""
        return Period(_year_back(self.start), _year_back(self.end))

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes in the local time zone."""
        tz = timezone.get_current_timezone()
        low = datetime.combine(self.start, time.min, tzinfo=tz)
        return low, datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz)


def _year_back(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def change(current: int, base: int) -> dict[str, Any]:
    """A rise or fall against a base; a zero base is "新增" (new), never infinite."""
    if base == 0:
        label = _("Trend: new") if current else _("Trend: unchanged")
        return {"current": current, "base": base, "pct": None, "label": str(label)}
    pct = round((current - base) * 100 / base, 1)
    return {"current": current, "base": base, "pct": pct, "label": f"{pct:+.1f}%"}


def in_period(rows: QuerySet[Incident], period: Period) -> QuerySet[Incident]:
    low, high = period.bounds()
    return rows.filter(occurred_at__gte=low, occurred_at__lt=high)


def scoped_incidents(viewer: Viewer, node: Node) -> tuple[QuerySet[Incident], list[int]]:
    """The viewer's incidents under `node` (already authorised by the caller) and its grid ids.

    Incidents are scoped by their grid (`Incident.scope_field`): the grids under the node that the
    viewer may see incidents in (`grids_in_scope`) are exactly what `restrict` would allow, given
    as one subquery so that each grid's range of time is one seek in the covering
    (grid, occurred_at, category) index on SQLite and a semi-join on PostgreSQL (a list of a
    bureau's 1,000 ids beside `restrict`'s own subquery led both planners to read every row)."""
    under = grids_under(node) if node.kind != NodeKind.GRID else Node.objects.filter(pk=node.pk)
    grid_rows = under.filter(pk__in=grids_in_scope(viewer, Incident, "view").values("pk"))
    return Incident.objects.filter(grid_id__in=grid_rows.values("pk")), list(grid_rows.values_list("pk", flat=True))


def _raw_counts(rows: QuerySet[Incident], period: Period, by: str) -> Counter[int]:
    """Counts from the raw incidents by category (`by="c"`) or grid. Grouped by `category_id + 0`:
    grouping by the bare column draws SQLite to the (category, occurred_at) index and a visit of
    every row; the expression leaves it the covering (grid, occurred_at, category) index."""
    grouped = in_period(rows, period).annotate(c=F("category_id") + Value(0)).values(by).annotate(n=Count("id"))
    return Counter({int(r[by]): int(r["n"]) for r in grouped.order_by()})


def _tally_counts(grids: list[int], month: date, by: str) -> Counter[int]:
    """One month's counts from the tally over the grids, by category (`by="c"`) or grid."""
    column = "category_id" if by == "c" else "grid_id"
    rows = IncidentTally.objects.filter(month=month, grid_id__in=grids).values(column).annotate(s=Sum("n"))
    return Counter({int(r[column]): int(r["s"]) for r in rows.order_by()})


def _month_end(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def period_counts(rows: QuerySet[Incident], grids: list[int], period: Period, by: str = "c") -> Counter[int]:
    """A period's counts over the grids, by category (`by="c"`) or grid (`by="grid_id"`): each
    calendar month it touches is read from the tally (`IncidentTally`); the days of a month the
    period leaves out, or a month it covers less than half of, from the raw incidents (`rows`, the
    same grids). Equal to counting the raw incidents of the period, by construction."""
    total: Counter[int] = Counter()
    first = period.start.replace(day=1)
    while first <= period.end:
        last = _month_end(first)
        low, high = max(first, period.start), min(last, period.end)
        if (high - low).days + 1 <= (last - first).days // 2:
            total.update(_raw_counts(rows, Period(low, high), by))
        else:
            total.update(_tally_counts(grids, first, by))
            for gap in (Period(first, low - timedelta(days=1)), Period(high + timedelta(days=1), last)):
                if gap.start <= gap.end:
                    total.subtract(_raw_counts(rows, gap, by))
        first = last + timedelta(days=1)
    return +total  # drops zeros


def incident_figures(*, viewer: Viewer, node: Node, period: Period) -> dict[str, Any]:
    """Every figure of the page for `node` (already authorised) and `period`."""
    rows, grids = scoped_incidents(viewer, node)
    now = period_counts(rows, grids, period)
    per_grid = period_counts(rows, grids, period, by="grid_id")
    yoy, mom = (period_counts(rows, grids, p) for p in (period.last_year(), period.previous()))
    ids = set(now) | set(yoy) | set(mom)
    categories = {c.pk: c for c in IncidentCategory.objects.filter(pk__in=ids)}
    order = sorted(ids, key=lambda pk: (-now.get(pk, 0), categories[pk].name))
    table = [
        {
            "category": categories[pk].name,
            "kind": categories[pk].get_kind_display(),
            "preventable": categories[pk].preventable,
            "count": now.get(pk, 0),
            "yoy": change(now.get(pk, 0), yoy.get(pk, 0)),
            "mom": change(now.get(pk, 0), mom.get(pk, 0)),
        }
        for pk in order
    ]
    preventable = {pk for pk, c in categories.items() if c.preventable}
    prevented_now = sum(n for pk, n in now.items() if pk in preventable)
    residents = Person.objects.filter(grid_id__in=grids, is_active=True).count()
    grid_nodes = {n.pk: n for n in Node.objects.filter(pk__in=grids).only("pk", "name", "code", "parent_id")}
    top = sorted(((n, grid_nodes[g]) for g, n in per_grid.items() if g in grid_nodes), key=lambda p: (-p[0], p[1].code))
    communities = Node.objects.filter(
        kind=NodeKind.COMMUNITY, pk__in={g.parent_id for g in grid_nodes.values()}
    ).order_by("code")
    busy = {grid_nodes[g].parent_id for g in per_grid if g in grid_nodes}
    total = sum(now.values())
    return {
        "period": period,
        "previous": period.previous(),
        "last_year": period.last_year(),
        "rows": table,
        "total": total,
        "total_yoy": change(total, sum(yoy.values())),
        "total_mom": change(total, sum(mom.values())),
        "preventable": prevented_now,
        "preventable_yoy": change(prevented_now, sum(n for pk, n in yoy.items() if pk in preventable)),
        "residents": residents,
        "preventable_rate": round(prevented_now * PER / residents, 2) if residents else None,
        "zero_communities": [c for c in communities if c.pk not in busy],
        "top_grids": [{"grid": g.name, "code": g.code, "count": n} for n, g in top[:TOP_GRIDS]],
    }


def figures_node(viewer: Viewer, ref: str) -> Node:
    """The area of the figures: a node at or under the viewer's own grants over incidents (a node
    above them, which the territory pages show as context, would count only part of its area)."""
    node = access_node_by_ref(viewer, ref)
    if not node_in_scope(viewer, node, Incident, "view"):
        raise NotFound()
    return node


def default_node(viewer: Viewer) -> Node | None:
    """The viewer's own top area: the node of their first grant over incidents."""
    ids = [g.node_id for g in scope_grants(viewer, Incident, "view")]
    return Node.objects.filter(pk__in=ids).order_by("path").first()


def area_choices(viewer: Viewer) -> list[Node]:
    """The areas the viewer may pick: their grants' nodes and the stations, police districts,
    subdistricts and communities under them."""
    held = scope_grants(viewer, Incident, "view")
    if not held:
        return []
    kinds = (NodeKind.STATION, NodeKind.POLICE_DISTRICT, NodeKind.SUBDISTRICT, NodeKind.COMMUNITY)
    under = Node.objects.filter(pk__in=visible_node_ids(sorted({g.path for g in held})), kind__in=kinds)
    return list((Node.objects.filter(pk__in=[g.node_id for g in held]) | under).order_by("kind", "code")[:300])


def default_period(today: date | None = None) -> Period:
    """The last complete calendar month."""
    today = today or timezone.localdate()
    end = today.replace(day=1) - timedelta(days=1)
    return Period(end.replace(day=1), end)
