"""WGS-84/CGCS2000 ↔ GCJ-02 (the offset AMap and Tencent tiles are drawn in, WORKFLOWS §9).

Coordinates are stored in WGS-84/CGCS2000 and converted here only on their way to a map whose
configured tiles are GCJ-02 (`MAP_TILE_COORDS = "gcj02"`), and back for the box a map asks for.
Outside China GCJ-02 is WGS-84. The forward formula is the published one; the inverse iterates
it (better than a centimetre after a few steps)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

_A = 6378245.0
_EE = 0.00669342162296594323


def out_of_china(lon: float, lat: float) -> bool:
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _dlat(x: float, y: float) -> float:
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _dlon(x: float, y: float) -> float:
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    if out_of_china(lon, lat):
        return lon, lat
    dlat = _dlat(lon - 105.0, lat - 35.0)
    dlon = _dlon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    if out_of_china(lon, lat):
        return lon, lat
    wlon, wlat = lon, lat
    for _ in range(6):
        glon, glat = wgs84_to_gcj02(wlon, wlat)
        wlon, wlat = wlon - (glon - lon), wlat - (glat - lat)
    return wlon, wlat


def identity(lon: float, lat: float) -> tuple[float, float]:
    return lon, lat


def geometry_map(geometry: Any, fn: Callable[[float, float], tuple[float, float]]) -> Any:
    """A GeoJSON geometry with every position passed through `fn` (a new object)."""

    def walk(coords: Any) -> Any:
        if coords and isinstance(coords[0], int | float):
            lon, lat = fn(float(coords[0]), float(coords[1]))
            return [round(lon, 7), round(lat, 7)]
        return [walk(c) for c in coords]

    if geometry is None:
        return None
    if geometry.get("type") == "GeometryCollection":
        return {**geometry, "geometries": [geometry_map(g, fn) for g in geometry.get("geometries", [])]}
    if geometry.get("type") == "Feature":
        return {**geometry, "geometry": geometry_map(geometry.get("geometry"), fn)}
    if geometry.get("type") == "FeatureCollection":
        return {**geometry, "features": [geometry_map(f, fn) for f in geometry.get("features", [])]}
    return {**geometry, "coordinates": walk(geometry.get("coordinates", []))}
