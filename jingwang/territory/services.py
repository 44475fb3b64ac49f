"""Writes to the territory: nodes, boundaries and whole-file imports, each audited."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.tree import child_path, subtree_q
from jingwang.core.types import Actor
from jingwang.territory.geometry import GeometryError, parse_boundary, to_geojson
from jingwang.territory.importer import WRITE_ORDER, NodeSpec, Plan, plan_import
from jingwang.territory.models import Node, NodeKind, TerritoryState, kind_label
from jingwang.territory.rules import ALLOWED_PARENTS, ROOT_ALLOWED, code_errors


def _paths_for(kind: str, code: str, parent: Node | None, district: Node | None) -> tuple[str, str | None, int]:
    path = child_path(parent.path if parent else None, kind, code)
    police_path = None
    if kind == NodeKind.GRID and district is not None:
        police_path = child_path(district.path, kind, code)
    elif kind == NodeKind.MICRO_GRID and parent is not None and parent.police_path:
        police_path = child_path(parent.police_path, kind, code)
    return path, police_path, (parent.depth + 1 if parent else 0)


def _insert(
    kind: str, code: str, name: str, parent: Node | None, district: Node | None, geometry: dict[str, object] | None
) -> Node:
    """Write one new node with both of its tree paths (a micro-grid takes its grid's district)."""
    if kind == NodeKind.MICRO_GRID and parent is not None:
        district = parent.police_district
    path, police_path, depth = _paths_for(kind, code, parent, district)
    return Node.objects.create(
        kind=kind,
        code=code,
        name=name,
        parent=parent,
        police_district=district,
        path=path,
        police_path=police_path,
        depth=depth,
        boundary=geometry,
    )


def node_create(
    *,
    by: Actor | None,
    kind: str,
    code: str,
    name: str,
    parent: Node | None = None,
    police_district: Node | None = None,
    boundary: str | Mapping[str, object] | None = None,
) -> Node:
    """Create one node after the same checks an import makes."""
    if kind not in NodeKind.values:
        raise ServiceError("invalid_kind", _("Unknown kind of node."))
    if parent is None and kind not in ROOT_ALLOWED:
        raise ServiceError("parent_required", _("This kind of node needs a parent."))
    if parent is not None and parent.kind not in ALLOWED_PARENTS[kind]:
        raise ServiceError(
            "invalid_parent",
            _("A %(kind)s cannot hang under a %(parent)s.")
            % {"kind": kind_label(kind), "parent": kind_label(parent.kind)},
        )
    problems = code_errors(kind, code, parent.kind if parent else None, parent.code if parent else None)
    if problems:
        raise ServiceError("invalid_code", _("; ").join(problems))
    if kind == NodeKind.GRID and (police_district is None or police_district.kind != NodeKind.POLICE_DISTRICT):
        raise ServiceError("police_district_required", _("A grid must belong to a police district."))
    geometry = None
    if boundary:
        try:
            geometry = to_geojson(parse_boundary(boundary))
        except GeometryError as exc:
            raise ServiceError("invalid_boundary", str(exc)) from None
    with transaction.atomic():
        if Node.objects.filter(kind=kind, code=code).exists():
            raise ServiceError(
                "duplicate_code",
                _("A %(kind)s with code %(code)s already exists.") % {"kind": kind_label(kind), "code": code},
            )
        node = _insert(kind, code, name, parent, police_district, geometry)
        if geometry:
            TerritoryState.bump()
        audit_record(action="territory.node.create", actor=by, object_type="territory.node", object_id=node.ref)
    return node


def node_update(
    *,
    by: Actor,
    node_id: int,
    expected_version: int | None,
    name: str | None = None,
    boundary: str | Mapping[str, object] | None = None,
    is_active: bool | None = None,
) -> Node:
    """Rename, redraw or retire a node; the caller's scope is checked again under the row lock."""
    with transaction.atomic():
        node = Node.objects.restrict(by, "change").select_for_update().filter(pk=node_id).first()
        if node is None:
            raise NotFound()
        if expected_version is not None and node.version != expected_version:
            from jingwang.core.errors import PreconditionFailed

            raise PreconditionFailed("stale_version", _("Someone changed this record in the meantime; reload it."))
        changed = []
        if name is not None and name != node.name:
            node.name = name
            changed.append("name")
        if boundary is not None:
            try:
                node.boundary = to_geojson(parse_boundary(boundary)) if boundary else None
            except GeometryError as exc:
                raise ServiceError("invalid_boundary", str(exc), fields={"boundary": [str(exc)]}) from None
            changed.append("boundary")
        if is_active is not None and is_active != node.is_active:
            node.is_active = is_active
            changed.append("is_active")
        if changed:
            node.version = F("version") + 1
            node.save()
            node.refresh_from_db()
            if "boundary" in changed:
                TerritoryState.bump()
            audit_record(
                action="territory.node.change",
                actor=by,
                object_type="territory.node",
                object_id=node.ref,
                details={"fields": changed},
            )
    return node


@dataclass
class ImportReport:
    created: int
    updated: int
    unchanged: int
    plan: Plan
    dry_run: bool


def _move_subtree(old: str, new: str) -> None:
    """Rewrite the path prefix of a moved node's descendants (and their police paths)."""
    for field in ("path", "police_path"):
        Node.objects.filter(subtree_q(field, old)).update(**{field: Concat(Value(new), Substr(field, len(old) + 1))})


def territory_import(*, by: Actor | None, specs: list[NodeSpec], dry_run: bool = False) -> ImportReport:
    """Import a whole file: nothing is written when any row has a fatal problem (or on dry run)."""
    plan = plan_import(specs)
    if plan.fatal or dry_run:
        return ImportReport(0, 0, 0, plan, dry_run)
    created = updated = unchanged = 0
    order: dict[str, int] = {str(k): i for i, k in enumerate(WRITE_ORDER)}
    with transaction.atomic():
        nodes: dict[tuple[str, str], Node] = {}

        def get(key: tuple[str, str] | None) -> Node | None:
            if key is None:
                return None
            if key not in nodes:
                nodes[key] = Node.objects.get(kind=key[0], code=key[1])
            return nodes[key]

        for s in sorted(plan.specs, key=lambda s: order[s.kind]):
            parent_key, district_key = plan.resolved[(s.kind, s.code)]
            parent, district = get(parent_key), get(district_key)
            if s.kind == NodeKind.MICRO_GRID and parent is not None:
                district = parent.police_district
            path, police_path, depth = _paths_for(s.kind, s.code, parent, district)
            geometry = to_geojson(s.geometry) if s.geometry is not None else None
            node = Node.objects.select_for_update().filter(kind=s.kind, code=s.code).first()
            if node is None:
                node = _insert(s.kind, s.code, s.name, parent, district, geometry)
                created += 1
            else:
                before = (
                    node.name,
                    node.parent_id,
                    node.police_district_id,
                    node.path,
                    node.police_path,
                    node.boundary,
                )
                new_boundary = geometry if geometry is not None else node.boundary
                after = (
                    s.name,
                    parent.pk if parent else None,
                    district.pk if district else None,
                    path,
                    police_path,
                    new_boundary,
                )
                if before == after:
                    unchanged += 1
                else:
                    if node.path != path:
                        _move_subtree(node.path, path)
                    if node.police_path and police_path and node.police_path != police_path:
                        _move_subtree(node.police_path, police_path)
                    Node.objects.filter(pk=node.pk).update(
                        name=s.name,
                        parent=parent,
                        police_district=district,
                        path=path,
                        police_path=police_path,
                        depth=depth,
                        boundary=new_boundary,
                        version=F("version") + 1,
                    )
                    node.refresh_from_db()
                    updated += 1
            nodes[(s.kind, s.code)] = node
        TerritoryState.bump()
        audit_record(
            action="territory.import",
            actor=by,
            object_type="territory.node",
            details={"created": created, "updated": updated, "unchanged": unchanged},
        )
    return ImportReport(created, updated, unchanged, plan, dry_run)
