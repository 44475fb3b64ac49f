"""Reads of the territory, always through the viewer's scope."""

from __future__ import annotations

import functools
from typing import Any

from django.db import connection, models
from django.db.models import QuerySet

from jingwang.core.access import scope_grants
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.tree import subtree_bounds, subtree_q
from jingwang.core.types import Viewer
from jingwang.territory.geometry import union_geojson
from jingwang.territory.models import POLICE_KINDS, Node, NodeKind
from jingwang.territory.scope import visible_node_ids


def grids_in_scope(user: Viewer, model: type[models.Model] | str, action: str) -> QuerySet[Node]:
    """The grids under the nodes over which the user holds a role granting `action` on `model`
    (the grids they may collect in, report from, raise from), by code."""
    paths = sorted({g.path for g in scope_grants(user, model, action)})
    if not paths:
        return Node.objects.none()
    return Node.objects.filter(kind=NodeKind.GRID, pk__in=visible_node_ids(paths)).order_by("code")


def node_list(*, viewer: Any, kind: str | None = None, parent: Node | None = None) -> QuerySet[Node]:
    qs = Node.objects.restrict(viewer, "view")
    if kind:
        qs = qs.filter(kind=kind)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return qs.order_by("code", "kind")


def access_node_by_ref(viewer: Any, ref: str, action: str = "view") -> Node:
    """Fetch a node by `kind:code` and authorise at once; forbidden and missing look the same."""
    kind, _, code = ref.partition(":")
    node = Node.objects.restrict(viewer, action).filter(kind=kind, code=code).first()
    if node is None:
        from jingwang.audit.services import audit_denied

        if Node.objects.filter(kind=kind, code=code).exists():
            audit_denied(actor=viewer, object_type="territory.node", object_id=ref)
        raise NotFound()
    return node


def roots_for(viewer: Any) -> QuerySet[Node]:
    """The top of what a viewer may browse: visible nodes whose parent is not visible."""
    visible = Node.objects.restrict(viewer, "view")
    # A grid reached through the police tree is listed under its police district instead.
    return (
        visible.exclude(parent__in=visible.values("id"))
        .exclude(police_district__in=visible.values("id"))
        .order_by("kind", "code")
    )


def _tree_field(node: Node) -> str:
    return "police_path" if node.kind in (NodeKind.BUREAU, NodeKind.STATION, NodeKind.POLICE_DISTRICT) else "path"


def police_outline(node: Node, visible: QuerySet[Node]) -> dict[str, Any] | None:
    """A bureau's, station's or police district's area drawn as the union of its visible grids
    (the police tree has no boundaries of its own); None for other kinds or without grids."""
    if node.kind not in POLICE_KINDS:
        return None
    grids = grids_under(node).filter(pk__in=visible.values("pk"), boundary__isnull=False)
    return union_geojson(grids.values_list("boundary", flat=True))


def grids_under(node: Node) -> QuerySet[Node]:
    """Every grid under a node of either tree: one indexed range query (composable queryset)."""
    return Node.objects.filter(subtree_q(_tree_field(node), node.path), kind=NodeKind.GRID)


# Sentinel paths: the ORM compiles the query once per tree field and database, and each call
# only substitutes the real path bounds into the compiled statement's parameters.
_SENTINEL = "/sentinel/"


@functools.cache
def _compiled_grid_ids(vendor: str, field: str) -> tuple[str, tuple[Any, ...], dict[Any, str]]:
    qs = Node.objects.filter(subtree_q(field, _SENTINEL), kind=NodeKind.GRID).values_list("id", flat=True)
    sql, params = qs.query.sql_with_params()
    low, high = subtree_bounds(_SENTINEL)
    slots = {low: "low", high: "high", _SENTINEL + "%": "like"}
    return sql, tuple(params), slots


def grid_ids_under(node: Node) -> list[int]:
    """The ids of every grid under a node: `grids_under` with its SQL compiled once, for hot paths
    where the ORM's per-call query building would cost more than the indexed look-up itself."""
    sql, params, slots = _compiled_grid_ids(connection.vendor, _tree_field(node))
    low, high = subtree_bounds(node.path)
    # Paths hold only kind letters, digits and "/": nothing a LIKE pattern would need escaped.
    values = {"low": low, "high": high, "like": node.path + "%"}
    bound = [values[slots[p]] if p in slots else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, bound)
        return [row[0] for row in cursor.fetchall()]


def resolve_ref(ref: str) -> Node:
    """A node from `kind:code`, or from a bare code when only one node has it (command line)."""
    from django.utils.translation import gettext as _

    if ":" in ref:
        kind, code = ref.split(":", 1)
        node = Node.objects.filter(kind=kind, code=code).first()
        if node is None:
            raise ServiceError("unknown_node", _("No territory node %(ref)s.") % {"ref": ref})
        return node
    found = list(Node.objects.filter(code=ref))
    if not found:
        raise ServiceError("unknown_node", _("No territory node %(ref)s.") % {"ref": ref})
    if len(found) > 1:
        options = ", ".join(f"{n.ref} {n.name}" for n in found)
        raise ServiceError(
            "ambiguous_node",
            _("Code %(ref)s is ambiguous (%(options)s); write kind:code.") % {"ref": ref, "options": options},
        )
    return found[0]
