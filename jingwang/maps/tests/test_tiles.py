"""Tile sources: none by default (vectors only, nothing from another site), a plain XYZ URL,
天地图 WMTS with its key, and an offline MBTiles/PMTiles file served by the platform."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from jingwang.core.middleware import content_security_policy
from jingwang.maps import tiles
from jingwang.testing import World, sign_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _img_src() -> str:
    return next(p for p in content_security_policy().split("; ") if p.startswith("img-src"))


def test_without_a_configured_source_the_map_has_no_tile_and_images_stay_on_the_platform(settings: Any) -> None:
    settings.MAP_TILE_SOURCE = ""
    settings.MAP_TILE_URL = ""
    config = tiles.tile_config()
    assert config["layers"] == [] and config["source"] == ""
    assert _img_src() == "img-src 'self' data: blob:"


def test_tianditu_is_wmts_with_its_key_labels_on_top_and_its_origin_admitted(settings: Any) -> None:
    settings.MAP_TILE_SOURCE = "tianditu"
    settings.MAP_TIANDITU_KEY = "k123"
    settings.MAP_TILE_ORIGINS = ["https://*.tianditu.gov.cn"]
    config = tiles.tile_config()
    urls = [layer["url"] for layer in config["layers"]]
    assert len(urls) == 2 and "LAYER=vec" in urls[0] and "LAYER=cva" in urls[1]
    assert all("TILEMATRIXSET=w" in u and "tk=k123" in u and u.startswith("https://{s}.tianditu.gov.cn/") for u in urls)
    assert config["layers"][0]["subdomains"] == [f"t{i}" for i in range(8)]
    assert config["attribution"] == "天地图"
    assert "https://*.tianditu.gov.cn" in _img_src()
    settings.MAP_TIANDITU_KEY = ""
    assert tiles.tile_config()["layers"] == []  # no key, no tiles


def _mbtiles(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE metadata (name text, value text)")
    db.execute("CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)")
    db.execute("INSERT INTO tiles VALUES (3, 6, 5, ?)", (PNG,))  # TMS row 5 at zoom 3 = XYZ row 2
    db.commit()
    db.close()
    return path


def test_an_offline_mbtiles_file_is_served_by_the_platform_in_xyz_rows(
    world: World, client: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MAP_TILE_SOURCE = "file"
    settings.MAP_TILE_FILE = str(_mbtiles(tmp_path / "city.mbtiles"))
    config = tiles.tile_config()
    assert config["layers"][0]["url"] == "/map/tiles/{z}/{x}/{y}" and config["layers"][0]["maxZoom"] == 3
    assert _img_src() == "img-src 'self' data: blob:"
    assert client.get("/map/tiles/3/6/2").status_code == 302  # signed-in staff only
    sign_in(client, world.users["officer_a"])
    response = client.get("/map/tiles/3/6/2")
    assert response.status_code == 200 and response["Content-Type"] == "image/png" and response.content == PNG
    assert client.get("/map/tiles/3/6/5").status_code == 404  # the TMS row is not the XYZ row
    assert client.get("/map/tiles/3/9/2").status_code == 404  # outside the zoom's range
    sign_in(client, world.users["resident"])
    assert client.get("/map/tiles/3/6/2").status_code == 403


def test_an_offline_pmtiles_file_is_served_too(world: World, client: Any, settings: Any, tmp_path: Path) -> None:
    pytest.importorskip("pmtiles")
    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import Writer

    path = tmp_path / "city.pmtiles"
    with path.open("wb") as f:
        writer = Writer(f)
        writer.write_tile(zxy_to_tileid(3, 6, 2), PNG)
        writer.finalize(
            {"tile_type": TileType.PNG, "tile_compression": Compression.NONE, "min_zoom": 3, "max_zoom": 3,
             "min_lon_e7": -1800000000, "min_lat_e7": -850000000, "max_lon_e7": 1800000000, "max_lat_e7": 850000000,
             "center_zoom": 3, "center_lon_e7": 0, "center_lat_e7": 0},
            {},
        )  # fmt: skip
    settings.MAP_TILE_SOURCE = "file"
    settings.MAP_TILE_FILE = str(path)
    sign_in(client, world.users["officer_a"])
    response = client.get("/map/tiles/3/6/2")
    assert response.status_code == 200 and response.content == PNG
    assert client.get("/map/tiles/3/6/3").status_code == 404
