"""What the dashboards, reports and the portal read: monthly parts from the rolled-up table, for a
node the viewer may see, compared with the previous period (环比) and last year's (同比)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from jingwang.core.access import has_permission, scope_grants, under_any
from jingwang.core.types import Viewer
from jingwang.figures import engine
from jingwang.figures.declare import Figure, declared, get
from jingwang.figures.engine import Period, figure_values
from jingwang.figures.models import FigureMonthly, Publication
from jingwang.territory.models import POLICE_KINDS, Node, NodeKind

__all__ = ["Period", "board", "children_of", "figure_values", "node_for", "visible_figures"]

SMALL = 5  # published counts below this are shown as "fewer than 5"


def visible_figures(user: Viewer) -> list[Figure]:
    """The figures whose records the user may view (a mediator's figures are not a leader's)."""
    return [f for f in declared() if has_permission(user, f.permission_label, "view")]


def _paths(user: Viewer) -> list[str]:
    return sorted({g.path for g in scope_grants(user, FigureMonthly, "view")})


def home_nodes(user: Viewer) -> list[Node]:
    """The nodes over which the user holds a role that sees figures, the widest first."""
    ids = [g.node_id for g in scope_grants(user, FigureMonthly, "view")]
    return sorted(Node.objects.filter(pk__in=ids), key=lambda n: (n.depth, n.code))


def node_for(user: Viewer, ref: str | None) -> Node | None:
    """The node `kind:code` when it lies under one the user holds (either tree); without a ref,
    the user's widest node; None when out of scope or unknown (the caller answers 404)."""
    paths = _paths(user)
    if not paths:
        return None
    if not ref:
        nodes = home_nodes(user)
        return nodes[0] if nodes else None
    kind, _, code = ref.partition(":")
    return Node.objects.filter(kind=kind, code=code).filter(under_any("path", "police_path", paths)).first()


def children_of(node: Node) -> list[Node]:
    """One level down: bureau → stations → police districts → grids; or down the administrative tree."""
    if node.kind == NodeKind.POLICE_DISTRICT:
        qs = Node.objects.filter(police_district=node, kind=NodeKind.GRID)
    elif node.kind in (NodeKind.GRID, NodeKind.MICRO_GRID):
        return []
    else:
        qs = Node.objects.filter(parent=node)
    return list(qs.filter(is_active=True).order_by("code"))


def trail(user: Viewer, node: Node) -> list[Node]:
    """The nodes from the user's widest node down to `node`, for the breadcrumb."""
    paths = _paths(user)
    tree_path = node.police_path if node.kind == NodeKind.GRID and node.police_path else node.path
    parts = [p for p in tree_path.split("/") if p]
    chain = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    nodes = {n.path: n for n in Node.objects.filter(path__in=chain).filter(under_any("path", "police_path", paths))}
    out = [nodes[p] for p in chain if p in nodes]
    if node.kind == NodeKind.GRID and (not out or out[-1].pk != node.pk):
        out.append(node)
    return out


def records_link(fig: Figure, node: Node, period: Period, category: str = "") -> str:
    """The domain's list of the records behind a number (only when its list filters by node)."""
    r = fig.records
    if r is None or not r.node:
        return ""
    try:
        url = reverse(r.url_name)
    except NoReverseMatch:
        return ""
    params: dict[str, str] = {r.node: node.ref}
    if r.date_from:
        params[r.date_from] = period.start.isoformat()
    if r.date_to:
        params[r.date_to] = period.end.isoformat()
    if category and r.category:
        params[r.category] = category
    params.update(dict(r.extra))
    return f"{url}?{urlencode(params)}"


def _fmt(fig: Figure, value: float | None) -> str:
    if value is None:
        return "—"
    if fig.is_ratio:
        return f"{value:.1f}%"
    if fig.measure.kind == "average_days":
        return f"{value:.1f}"
    return f"{value:g}"


def change_of(fig: Figure, current: float | None, base: float | None) -> dict[str, Any]:
    """同比/环比 of one figure: a percentage change for counts and averages; for a share, the change
    in percentage points (a share of a share says nothing). A zero base with something now: new."""
    if fig.is_ratio:
        if current is None or base is None:
            return {"kind": "none", "value": None, "text": "—"}
        diff = current - base
        return {"kind": "points", "value": round(diff, 1), "text": f"{diff:+.1f}"}
    c = engine.change(current, base)
    if c == engine.NEW:
        return {"kind": "new", "value": None, "text": ""}
    if c is None:
        return {"kind": "none", "value": None, "text": "—"}
    assert isinstance(c, float)
    return {"kind": "percent", "value": round(c, 1), "text": f"{c:+.1f}%"}


@dataclass
class Row:
    figure: Figure
    current: float | None
    previous: float | None
    last_year: float | None
    mom: dict[str, Any]
    yoy: dict[str, Any]
    link: str
    current_text: str = ""
    previous_text: str = ""
    last_year_text: str = ""
    categories: list[dict[str, Any]] = field(default_factory=list)


def board(user: Viewer, node: Node, period: Period, selected: str = "") -> dict[str, Any]:
    """Everything a dashboard shows for a node and a period (three indexed reads in all)."""
    figures = visible_figures(user)
    keys = [f.key for f in figures]
    prev, last = period.previous(), period.last_year()
    months = sorted({*period.month_list(), *prev.month_list(), *last.month_list()})
    data = engine.read([node.pk], keys, months).get(node.pk, {})
    rows: list[Row] = []
    for fig in figures:
        cur = fig.value(*engine.parts_for(data, fig.key, period))
        pre = fig.value(*engine.parts_for(data, fig.key, prev))
        ly = fig.value(*engine.parts_for(data, fig.key, last))
        rows.append(
            Row(
                fig,
                cur,
                pre,
                ly,
                change_of(fig, cur, pre),
                change_of(fig, cur, ly),
                records_link(fig, node, period),
                _fmt(fig, cur),
                _fmt(fig, pre),
                _fmt(fig, ly),
            )
        )
    chosen = get(selected) if selected in keys else (figures[0] if figures else None)
    kids = children_of(node)
    child_rows: list[dict[str, Any]] = []
    category_rows: list[dict[str, Any]] = []
    trend: list[dict[str, Any]] = []
    if chosen is not None:
        kid_data = engine.read([k.pk for k in kids], [chosen.key], period.month_list())
        for k in kids:
            v = chosen.value(*engine.parts_for(kid_data.get(k.pk, {}), chosen.key, period))
            child_rows.append({"node": k, "value": v, "text": _fmt(chosen, v), "link": records_link(chosen, k, period)})
        labels = chosen.labels()
        for cat, (n, d) in sorted(engine.read_categories(node.pk, chosen.key, period.month_list()).items()):
            v = chosen.value(n, d)
            category_rows.append(
                {
                    "code": cat,
                    "label": labels.get(cat, cat),
                    "value": v,
                    "text": _fmt(chosen, v),
                    "link": records_link(chosen, node, period, cat),
                }
            )
        series = [engine.add_months(period.first, -i) for i in range(12, -1, -1)]
        tdata = engine.read([node.pk], [chosen.key], series).get(node.pk, {})
        trend = [
            {"month": m.strftime("%Y-%m"), "value": chosen.value(*tdata.get((chosen.key, m), (0.0, 0.0)))}
            for m in series
        ]
    return {
        "node": node,
        "period": period,
        "previous": prev,
        "last_year": last,
        "rows": rows,
        "chosen": chosen,
        "children": child_rows,
        "categories": category_rows,
        "trend": trend,
    }


def is_police_node(node: Node) -> bool:
    return node.kind in POLICE_KINDS


# -- published figures (向人民汇报) ---------------------------------------------------------------


def published_figures() -> list[Figure]:
    keys = set(Publication.objects.values_list("figure", flat=True))
    return [f for f in declared() if f.key in keys and f.publishable]


def suppress(fig: Figure, numerator: float, denominator: float) -> dict[str, Any]:
    """A published number: counts under 5 are shown as "fewer than 5"; a share or an average over
    fewer than 5 records is not shown at all, so that no person can be singled out."""
    base = numerator if fig.measure.kind in ("count", "sum") else denominator
    if base < SMALL:
        return {"suppressed": True, "text": ""}
    return {"suppressed": False, "text": _fmt(fig, fig.value(numerator, denominator))}


def community_report(community: Node, period: Period) -> list[dict[str, Any]]:
    figures = published_figures()
    data = engine.read([community.pk], [f.key for f in figures], period.month_list()).get(community.pk, {})
    return [{"figure": f, **suppress(f, *engine.parts_for(data, f.key, period))} for f in figures]


def communities() -> Any:
    return Node.objects.filter(kind=NodeKind.COMMUNITY, is_active=True).order_by("code")


def officer_year(user: Any, year: int) -> list[dict[str, Any]]:
    """The officer's yearly report: the figures of the police districts they hold, for the year."""
    period = Period(date(year, 1, 1), 12)
    ids = [g.node_id for g in scope_grants(user, FigureMonthly, "view")]
    nodes = list(Node.objects.filter(pk__in=ids).filter(~Q(kind=NodeKind.GRID)).order_by("code"))
    out = []
    for n in nodes:
        b = board(user, n, period)
        out.append({"node": n, "rows": b["rows"]})
    return out
