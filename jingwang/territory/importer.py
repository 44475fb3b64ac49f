"""Reading and checking a territory file (GeoJSON or CSV) before anything is written."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from shapely import STRtree
from shapely.geometry.base import BaseGeometry

from jingwang.territory.geometry import GeometryError, parse_boundary
from jingwang.territory.models import Node, NodeKind, kind_label
from jingwang.territory.rules import ALLOWED_PARENTS, ROOT_ALLOWED, code_errors

K = NodeKind
# Order in which kinds are written, parents before children.
WRITE_ORDER = [
    K.PROVINCE,
    K.CITY,
    K.COUNTY,
    K.SUBDISTRICT,
    K.COMMUNITY,
    K.BUREAU,
    K.STATION,
    K.POLICE_DISTRICT,
    K.GRID,
    K.MICRO_GRID,
]
CSV_COLUMNS = ["code", "name", "kind", "parent", "police_district", "boundary"]
# Two grids may share an edge; overlapping by more than about a square metre is an error.
OVERLAP_TOLERANCE = 1e-10
CONTAINMENT_TOLERANCE = 1e-6


@dataclass
class NodeSpec:
    where: str
    kind: str
    code: str
    name: str
    parent: str = ""
    police_district: str = ""
    boundary: Any = None
    geometry: BaseGeometry | None = None


@dataclass
class Problem:
    where: str
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Plan:
    specs: list[NodeSpec]
    problems: list[Problem] = field(default_factory=list)
    # resolved[(kind, code)] = (parent key or None, police district key or None)
    resolved: dict[tuple[str, str], tuple[tuple[str, str] | None, tuple[str, str] | None]] = field(default_factory=dict)

    @property
    def fatal(self) -> list[Problem]:
        return [p for p in self.problems if p.fatal]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.fatal]


def read_file(path: Path) -> list[NodeSpec]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in {".geojson", ".json"} or text.lstrip().startswith("{"):
        return read_geojson(text)
    return read_csv(text)


def read_geojson(text: str) -> list[NodeSpec]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(_("not valid JSON: %(error)s") % {"error": exc}) from None
    if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise ValueError(_("a GeoJSON territory file is a FeatureCollection"))
    specs = []
    for i, feature in enumerate(data["features"], start=1):
        props = feature.get("properties") or {}
        specs.append(
            NodeSpec(
                where=_("feature %(n)d") % {"n": i},
                kind=str(props.get("kind", "")).strip(),
                code=str(props.get("code", "")).strip(),
                name=str(props.get("name", "")).strip(),
                parent=str(props.get("parent") or "").strip(),
                police_district=str(props.get("police_district") or "").strip(),
                boundary=feature.get("geometry"),
            )
        )
    return specs


def read_csv(text: str) -> list[NodeSpec]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("code", "name", "kind") if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(_("CSV header lacks the columns: %(cols)s") % {"cols": ", ".join(missing)})
    return [
        NodeSpec(
            where=_("line %(n)d") % {"n": line},
            kind=(row.get("kind") or "").strip(),
            code=(row.get("code") or "").strip(),
            name=(row.get("name") or "").strip(),
            parent=(row.get("parent") or "").strip(),
            police_district=(row.get("police_district") or "").strip(),
            boundary=(row.get("boundary") or "").strip() or None,
        )
        for line, row in enumerate(reader, start=2)
    ]


class _Index:
    """Nodes known to the plan: the file's rows over the database's."""

    def __init__(self, specs: list[NodeSpec]) -> None:
        self.file = {(s.kind, s.code): s for s in specs}
        self.db: dict[tuple[str, str], Node] = {}

    def load_db(self, codes: set[str]) -> None:
        for node in Node.objects.filter(code__in=codes):
            self.db[(node.kind, node.code)] = node

    def find(self, ref: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
        if ":" in ref:
            kind, code = ref.split(":", 1)
            kinds = tuple(k for k in kinds if k == kind)
        else:
            code = ref
        return [(k, code) for k in kinds if (k, code) in self.file or (k, code) in self.db]


def plan_import(specs: list[NodeSpec]) -> Plan:
    plan = Plan(specs)
    idx = _Index(specs)
    refs = (
        {s.code for s in specs}
        | {s.parent.split(":")[-1] for s in specs}
        | {s.police_district.split(":")[-1] for s in specs}
    )
    idx.load_db({r for r in refs if r})
    seen: set[tuple[str, str]] = set()
    kinds = set(NodeKind.values)
    for s in specs:
        err = plan.problems.append
        if s.kind not in kinds:
            err(Problem(s.where, _("unknown kind %(kind)s") % {"kind": s.kind or "—"}))
            continue
        if not s.name:
            err(Problem(s.where, _("name is empty")))
        if (s.kind, s.code) in seen:
            err(
                Problem(
                    s.where,
                    _("%(kind)s %(code)s appears twice in the file") % {"kind": kind_label(s.kind), "code": s.code},
                )
            )
        seen.add((s.kind, s.code))
        parent_key = None
        if s.parent:
            found = idx.find(s.parent, ALLOWED_PARENTS[s.kind])
            if not found:
                err(
                    Problem(
                        s.where,
                        _("unknown parent %(parent)s for %(kind)s %(code)s")
                        % {"parent": s.parent, "kind": kind_label(s.kind), "code": s.code},
                    )
                )
            elif len(found) > 1:
                err(Problem(s.where, _("parent %(parent)s is ambiguous; write kind:code") % {"parent": s.parent}))
            else:
                parent_key = found[0]
        elif s.kind not in ROOT_ALLOWED:
            err(Problem(s.where, _("%(kind)s %(code)s needs a parent") % {"kind": kind_label(s.kind), "code": s.code}))
        for message in code_errors(
            s.kind, s.code, parent_key[0] if parent_key else None, parent_key[1] if parent_key else None
        ):
            err(Problem(s.where, message))
        district_key = None
        if s.kind == K.GRID:
            if not s.police_district:
                err(Problem(s.where, _("grid %(code)s has no police district") % {"code": s.code}))
            else:
                found = idx.find(s.police_district, (K.POLICE_DISTRICT,))
                if not found:
                    err(
                        Problem(
                            s.where,
                            _("unknown police district %(pd)s for grid %(code)s")
                            % {"pd": s.police_district, "code": s.code},
                        )
                    )
                else:
                    district_key = found[0]
        if s.boundary:
            try:
                s.geometry = parse_boundary(s.boundary)
            except GeometryError as exc:
                err(Problem(s.where, str(exc)))
        elif s.kind == K.GRID:
            err(
                Problem(
                    s.where,
                    _("grid %(code)s has no boundary: points cannot be assigned to it") % {"code": s.code},
                    fatal=False,
                )
            )
        plan.resolved[(s.kind, s.code)] = (parent_key, district_key)
    _check_geometry(plan, idx)
    return plan


def _geometry_of(idx: _Index, key: tuple[str, str]) -> BaseGeometry | None:
    spec = idx.file.get(key)
    if spec is not None:
        return spec.geometry
    node = idx.db.get(key)
    if node is not None and node.boundary:
        try:
            return parse_boundary(node.boundary)
        except GeometryError:
            return None
    return None


def _check_geometry(plan: Plan, idx: _Index) -> None:
    # A grid (micro-grid) must lie inside its community (grid).
    for s in plan.specs:
        if s.kind not in (K.GRID, K.MICRO_GRID) or s.geometry is None or (s.kind, s.code) not in plan.resolved:
            continue
        parent_key, _district = plan.resolved[(s.kind, s.code)]
        outer = _geometry_of(idx, parent_key) if parent_key else None
        if (
            outer is not None
            and parent_key is not None
            and s.geometry.difference(outer).area
            > CONTAINMENT_TOLERANCE * max(s.geometry.area, 1e-12) + OVERLAP_TOLERANCE
        ):
            err = _("grid %(code)s lies outside its %(parent_kind)s %(parent)s") % {
                "code": s.code,
                "parent_kind": kind_label(parent_key[0]),
                "parent": parent_key[1],
            }
            plan.problems.append(Problem(s.where, err))
    # Grids may not overlap one another (the file's and the database's, file winning).
    grids: dict[str, tuple[str, BaseGeometry]] = {}
    for node in (
        Node.objects.filter(kind=K.GRID, boundary__isnull=False)
        .exclude(code__in=[s.code for s in plan.specs if s.kind == K.GRID])
        .only("code", "boundary")
    ):
        try:
            grids[node.code] = (_("existing grid %(code)s") % {"code": node.code}, parse_boundary(node.boundary))
        except GeometryError:
            continue
    for s in plan.specs:
        if s.kind == K.GRID and s.geometry is not None:
            grids[s.code] = (s.where, s.geometry)
    codes = list(grids)
    geoms = [grids[c][1] for c in codes]
    if not geoms:
        return
    tree = STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    for a, b in zip(left, right, strict=True):
        if a >= b:
            continue
        if geoms[a].intersection(geoms[b]).area > OVERLAP_TOLERANCE:
            plan.problems.append(
                Problem(grids[codes[a]][0], _("grid %(a)s overlaps grid %(b)s") % {"a": codes[a], "b": codes[b]})
            )
