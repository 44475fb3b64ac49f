"""The map's background tiles, as configured by the system administrator (settings, WORKFLOWS §9).

- none (default): no tile at all, the boundaries drawn as vectors; no request leaves the platform;
- `xyz`: a plain `{z}/{x}/{y}` URL (a tile server inside the police network);
- `tianditu`: 天地图 WMTS (Web Mercator matrix set `w`, with the vector labels on top), a key required;
- `file`: an offline tile file (MBTiles — SQLite, TMS rows — or PMTiles) shipped with or uploaded to
  the platform and served by it at `/maps/tiles/{z}/{x}/{y}`.

`MAP_TILE_COORDS` says which datum the tiles are drawn in (`wgs84`, also for CGCS2000 and 天地图,
or `gcj02` for AMap/Tencent-style tiles): the platform converts its coordinates only on their way
to such a map. The map approval number (审图号) and the attribution are shown when configured."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse

TIANDITU_SUBDOMAINS = [f"t{i}" for i in range(8)]


def tianditu_url(layer: str, key: str) -> str:
    """A 天地图 WMTS GetTile URL template in Leaflet's form ({s} → t0…t7), Web Mercator (`w`)."""
    return (
        f"https://{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        f"&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}"
    )


def source() -> str:
    kind = str(settings.MAP_TILE_SOURCE)
    if kind in ("xyz", "tianditu", "file"):
        return str(kind)
    return "xyz" if settings.MAP_TILE_URL else ""


def tile_config() -> dict[str, Any]:
    """What the map page needs to draw the background (empty `layers`: vectors only)."""
    kind = source()
    layers: list[dict[str, Any]] = []
    attribution = settings.MAP_TILE_ATTRIBUTION
    if kind == "xyz" and settings.MAP_TILE_URL:
        layers.append({"url": settings.MAP_TILE_URL, "subdomains": "abc", "maxZoom": 19})
    elif kind == "tianditu" and settings.MAP_TIANDITU_KEY:
        key = settings.MAP_TIANDITU_KEY
        base = settings.MAP_TIANDITU_LAYER or "vec"
        labels = {"vec": "cva", "img": "cia", "ter": "cta"}.get(base, "cva")
        for name in (base, labels):
            layers.append({"url": tianditu_url(name, key), "subdomains": TIANDITU_SUBDOMAINS, "maxZoom": 18})
        attribution = attribution or "天地图"
    elif kind == "file" and tile_file() is not None:
        url = reverse("maps:tile", kwargs={"z": 0, "x": 0, "y": 0}).replace("/0/0/0", "/{z}/{x}/{y}")
        layers.append({"url": url, "subdomains": "", "maxZoom": file_max_zoom()})
    return {
        "source": kind if layers else "",
        "layers": layers,
        "attribution": attribution if layers else "",
        "approval": settings.MAP_APPROVAL_NUMBER,
        "crs": "gcj02" if settings.MAP_TILE_COORDS == "gcj02" else "wgs84",
    }


# --- offline tile files -------------------------------------------------------------------------------


def tile_file() -> Path | None:
    name = settings.MAP_TILE_FILE
    if not name:
        return None
    path = Path(name)
    return path if path.is_file() else None


_local = threading.local()


def _mbtiles(path: Path) -> sqlite3.Connection:
    """One read-only connection per thread and file."""
    key = str(path)
    cache: dict[str, sqlite3.Connection] = getattr(_local, "mbtiles", {})
    _local.mbtiles = cache
    if key not in cache:
        cache[key] = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    return cache[key]


def _is_pmtiles(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(7) == b"PMTiles"


def file_max_zoom() -> int:
    path = tile_file()
    if path is None:
        return 18
    try:
        if _is_pmtiles(path):
            return int(_pmtiles(path, lambda reader: reader.header()["max_zoom"]))
        row = _mbtiles(path).execute("SELECT MAX(zoom_level) FROM tiles").fetchone()
        return int(row[0]) if row and row[0] is not None else 18
    except Exception:
        return 18


def _pmtiles(path: Path, read: Any) -> Any:
    """`read(reader)` on the PMTiles file (the `pmtiles` package, protomaps' reader)."""
    from pmtiles.reader import MmapSource, Reader  # type: ignore[import-untyped]

    with path.open("rb") as handle:
        return read(Reader(MmapSource(handle)))


def read_tile(z: int, x: int, y: int) -> tuple[bytes, str] | None:
    """The tile at z/x/y (XYZ rows) from the offline file, with its content type; None if absent."""
    path = tile_file()
    if path is None or not (0 <= z <= 24) or not (0 <= x < (1 << z)) or not (0 <= y < (1 << z)):
        return None
    if _is_pmtiles(path):
        data = _pmtiles(path, lambda reader: reader.get(z, x, y))
    else:
        row = (
            _mbtiles(path)
            .execute(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                (z, x, (1 << z) - 1 - y),  # MBTiles counts rows from the south (TMS)
            )
            .fetchone()
        )
        data = row[0] if row else None
    if not data:
        return None
    return bytes(data), _content_type(bytes(data))


def _content_type(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "application/octet-stream"
