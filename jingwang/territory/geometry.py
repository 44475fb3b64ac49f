"""Boundary geometry: parsing GeoJSON/WKT, validity, and the China bounding box."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import shapely
from django.utils.translation import gettext as _
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

from jingwang.core.identity import CHINA_BOUNDS


class GeometryError(ValueError):
    pass


def parse_boundary(value: Any) -> BaseGeometry:
    """A polygon or multipolygon from GeoJSON (dict or text) or WKT text; raises GeometryError."""
    try:
        if isinstance(value, dict):
            geom = shape(value.get("geometry", value) if value.get("type") == "Feature" else value)
        elif isinstance(value, str) and value.strip().startswith("{"):
            return parse_boundary(json.loads(value))
        elif isinstance(value, str):
            geom = shapely.from_wkt(value)
        else:
            raise GeometryError(_("boundary is not GeoJSON or WKT"))
    except GeometryError:
        raise
    except Exception:
        raise GeometryError(_("boundary cannot be read as GeoJSON or WKT")) from None
    if not isinstance(geom, Polygon | MultiPolygon):
        raise GeometryError(_("boundary must be a Polygon or MultiPolygon, not %(type)s") % {"type": geom.geom_type})
    if geom.is_empty or not geom.is_valid:
        raise GeometryError(
            _("boundary is not a valid polygon (%(reason)s)") % {"reason": shapely.is_valid_reason(geom)}
        )
    minx, miny, maxx, maxy = geom.bounds
    west, south, east, north = CHINA_BOUNDS
    if minx < west or maxx > east or miny < south or maxy > north:
        raise GeometryError(_("boundary lies outside China (longitude/latitude out of range)"))
    return geom


def to_geojson(geom: BaseGeometry) -> dict[str, Any]:
    """Plain JSON (lists, not tuples), so a stored boundary compares equal to a re-imported one."""
    return json.loads(json.dumps(mapping(geom)))


def union_geojson(boundaries: Iterable[Any]) -> dict[str, Any] | None:
    """The union of stored GeoJSON boundaries (say a station's grids), or None when there is none."""
    shapes = []
    for boundary in boundaries:
        try:
            shapes.append(shape(boundary))
        except Exception:  # noqa: S112 - a stored boundary was checked on import; skip one that is not
            continue
    merged = shapely.unary_union([g for g in shapes if g.is_valid and not g.is_empty]) if shapes else None
    return to_geojson(merged) if merged is not None and not merged.is_empty else None
